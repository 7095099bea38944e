"""`cdto-bot sandbox`: the real bot against the emulator, with demo users, in a terminal chat."""
