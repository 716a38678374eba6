"""Shared visuals: themes, matrix displays, layout regions, the lesson scene.

Every scene builds from these; no scene draws its own copy of a matrix, a plane or a caption.
"""
