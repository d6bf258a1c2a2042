"""Back office area "members": find a member, see its data, correct its birth date (logged)."""
