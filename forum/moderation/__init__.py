"""Moderation: the policy that decides what is held (policy), moderators' decisions on comments
and threads (decisions), members' flags (flags), appeals (appeals), and the spam service (spam).
Each decision is audited and tells the member concerned."""
