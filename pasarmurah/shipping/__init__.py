"""Couriers, pick-up at the store and rates per province and kilogram."""
