DROP INDEX "conversations_owner_raw_sha_idx";--> statement-breakpoint
CREATE UNIQUE INDEX "conversations_owner_raw_sha_idx" ON "conversations" USING btree ("owner_id","raw_sha256");--> statement-breakpoint
COMMENT ON INDEX conversations_owner_raw_sha_idx IS 'ingest idempotency: one conversation per owner and raw SHA-256 (unique)';
