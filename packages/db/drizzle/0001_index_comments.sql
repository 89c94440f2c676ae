-- Each index says which query it serves, so EXPLAIN output and psql's \di+ explain themselves.
COMMENT ON INDEX conversations_updated_idx IS 'listConversations: default order (updated_at desc, id desc), keyset cursor';--> statement-breakpoint
COMMENT ON INDEX conversations_status_updated_idx IS 'listConversations filtered by one status; countConversationsByStatus (index-only scan)';--> statement-breakpoint
COMMENT ON INDEX conversations_owner_updated_idx IS 'listConversations scoped to one owner (non-admin users)';--> statement-breakpoint
COMMENT ON INDEX conversations_owner_status_idx IS 'countConversationsByStatus, for one owner or all (the narrowest status-covering index)';--> statement-breakpoint
COMMENT ON INDEX conversations_claimable_idx IS 'claimBatch: queued rows ordered by priority, queued_at (partial: only the backlog)';--> statement-breakpoint
COMMENT ON INDEX conversations_in_progress_lease_idx IS 'claimBatch: rows in progress whose lease expired, to reclaim';--> statement-breakpoint
COMMENT ON INDEX conversations_failing_rules_idx IS 'failures by rule code; the failing-rule filter of listConversations';--> statement-breakpoint
COMMENT ON INDEX conversations_search_trgm_idx IS 'listConversations free-text search: ILIKE over id, title and persona';--> statement-breakpoint
COMMENT ON INDEX conversations_owner_raw_sha_idx IS 'ingest idempotency: find an owner''s conversation by raw SHA-256';--> statement-breakpoint
COMMENT ON INDEX conversations_bulk_operation_idx IS 'listConversations filtered by the bulk operation that last touched a row';--> statement-breakpoint
COMMENT ON INDEX stage_events_conversation_idx IS 'the stage timeline of one conversation';--> statement-breakpoint
COMMENT ON INDEX stage_events_started_idx IS 'throughput and stage-duration charts over a time window';
