"""Loading: find the ``copilot/`` folder, read and parse every file into the model, and read the
settings.
"""
