CREATE INDEX "conversations_created_idx" ON "conversations" USING btree ("created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
COMMENT ON INDEX conversations_created_idx IS 'listConversations sorted by created_at (desc, or asc read backward), keyset cursor';
