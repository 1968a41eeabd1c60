"""The code lab: beginner coding tasks on pupils' photos, run in a sandboxed process."""
