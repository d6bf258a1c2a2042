"""The staff side (/staf/): one sub-package per area, a workspace layout, one navigation (navigation.py)."""
