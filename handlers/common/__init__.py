"""Pieces the features share: flows, role guards, replies, the place picker, choosing a post."""
