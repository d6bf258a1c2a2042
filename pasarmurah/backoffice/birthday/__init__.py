"""Back office area "birthday": the owner's report of the birthday programme and vouchers."""
