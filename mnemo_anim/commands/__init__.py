"""One module per CLI command; ``mnemo_anim.cli`` only wires them into the group."""
