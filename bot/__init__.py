"""The CDTO network bot: settings, wiring, access policy, services, scheduling, command line."""
