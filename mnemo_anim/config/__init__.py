"""Configs: the typed models, the YAML loader and the matrix presets."""
