"""Delivery: turning rendered videos into what an audience gets (lectures, decks, pages)."""
