-- Round robin remembers, per queue, the ticket (turn number) of each member's latest assignment, so
-- the lead goes to the eligible member whose last turn is the oldest: fair per rep even when the
-- eligible list changes between turns. Kept in the queue's row, read and written under its lock.
ALTER TABLE queue_cursors ADD COLUMN last_turns jsonb NOT NULL DEFAULT '{}'::jsonb;
