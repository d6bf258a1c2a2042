"""Back office area "tickets": Customer Service's inbox, product recommendations, guestbook moderation."""
