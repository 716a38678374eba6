"""Delivery: what a lesson becomes besides its video — a slides deck, a storyboard, a review page.

Each module writes static files that work opened from ``file://``:

- :mod:`mnemo_anim.deliver.slides`: ``<name>_slides/index.html`` and one clip a step.
- :mod:`mnemo_anim.deliver.storyboard`: ``<name>.storyboard.png``, every step's end state tiled.
- :mod:`mnemo_anim.deliver.review`: ``output/index.html``, a batch's videos on one page.
"""
