"""The registry's events: typed payloads (``payloads``), their messages (``messages``) and
``emit`` (``emit.py``), which writes an event's audit entry and queues its messages.

The catalogue itself (every event's stored action and Chinese label) is
``juzhu.audit.events.Event``; docs/design.md, "Events", describes the whole.
"""

from . import payloads
from .emit import Occurrence, emit, emit_many

__all__ = ["Occurrence", "emit", "emit_many", "payloads"]
