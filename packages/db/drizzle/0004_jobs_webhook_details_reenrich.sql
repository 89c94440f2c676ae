CREATE TABLE "exports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"format" text NOT NULL,
	"selection" jsonb NOT NULL,
	"requested_by" uuid,
	"state" text DEFAULT 'running' NOT NULL,
	"total" integer DEFAULT 0 NOT NULL,
	"processed" integer DEFAULT 0 NOT NULL,
	"lines" integer DEFAULT 0 NOT NULL,
	"file_path" text,
	"file_size" integer,
	"sha256" text,
	"manifest" jsonb,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	CONSTRAINT "exports_format_check" CHECK ("exports"."format" in ('enriched', 'chat')),
	CONSTRAINT "exports_state_check" CHECK ("exports"."state" in ('running', 'done', 'failed'))
);
--> statement-breakpoint
CREATE TABLE "rule_set_previews" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"rule_set_id" uuid NOT NULL,
	"baseline_version" integer NOT NULL,
	"sample_size" integer,
	"requested_by" uuid,
	"state" text DEFAULT 'running' NOT NULL,
	"total" integer DEFAULT 0 NOT NULL,
	"processed" integer DEFAULT 0 NOT NULL,
	"result" jsonb,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	CONSTRAINT "rule_set_previews_state_check" CHECK ("rule_set_previews"."state" in ('running', 'done', 'failed'))
);
--> statement-breakpoint
ALTER TABLE "bulk_operations" DROP CONSTRAINT "bulk_operations_action_check";--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD COLUMN "response_snippet" text;--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD COLUMN "duration_ms" integer;--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD COLUMN "last_attempt_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "exports" ADD CONSTRAINT "exports_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rule_set_previews" ADD CONSTRAINT "rule_set_previews_rule_set_id_rule_sets_id_fk" FOREIGN KEY ("rule_set_id") REFERENCES "public"."rule_sets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rule_set_previews" ADD CONSTRAINT "rule_set_previews_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "exports_created_idx" ON "exports" USING btree ("created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "rule_set_previews_rule_set_idx" ON "rule_set_previews" USING btree ("rule_set_id","created_at" DESC NULLS LAST);--> statement-breakpoint
ALTER TABLE "bulk_operations" ADD CONSTRAINT "bulk_operations_action_check" CHECK ("bulk_operations"."action" in ('enrich', 'retry', 'revalidate', 'reenrich', 'cancel'));--> statement-breakpoint
COMMENT ON INDEX "exports_created_idx" IS 'Export list, newest first (exports.list).';--> statement-breakpoint
COMMENT ON INDEX "rule_set_previews_rule_set_idx" IS 'Latest impact previews of one draft rule set (config.ruleSets.get).';
