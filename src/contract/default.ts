import { IDENTITY_LAYERS } from "../record/identity.js";
import type { IdentityContract } from "./types.js";

/**
 * The names spendtrail recognises without configuration. Prefixed spellings (`app.tenant_id`,
 * `metadata.team_id`, `ai.telemetry.metadata.userId`...) come from METADATA_PREFIXES, so only
 * bare keys and full names that no prefix rule produces are listed.
 */
export const DEFAULT_CONTRACT: IdentityContract = {
  keys: {
    tenant: [
      "tenant_id",
      "tenant.id",
      "tenantId",
      "tenant",
      "customer_id",
      "customer.id",
      "customerId",
      "customer",
      // LiteLLM: the request's `user` / x-litellm-end-user-id, as column and as logged metadata.
      "end_user",
      "user_api_key_end_user_id",
      // End users stand for the paying tenant when nothing names one (lowest priority).
      "enduser.id",
      "user.id",
      "userId",
      "langfuse.user.id",
      "langfuse_user_id",
      "traceloop.association.properties.user_id",
    ],
    team: [
      "team_id",
      "team.id",
      "teamId",
      "team",
      "user_api_key_team_id",
      "cost_center",
      "cost_center_id",
      "costCenter",
      "team_alias",
      "user_api_key_team_alias",
    ],
    workload: [
      "workflow_id",
      "workflow.id",
      "workflowId",
      "workflow",
      "workload",
      "workload_id",
      "traceloop.workflow.name",
      "gen_ai.workflow.name",
      "agent_id",
      "agent.id",
      "gen_ai.agent.id",
      "gen_ai.agent.name",
      "ai.telemetry.functionId",
      "functionId",
      // Sessions last: LiteLLM's bare `session_id` column is a random uuid unless the caller set
      // one, so only explicit session attributes count.
      "session.id",
      "sessionId",
      "langfuse.session.id",
      "langfuse_session_id",
      "traceloop.association.properties.session_id",
      "gen_ai.conversation.id",
    ],
    project: ["project_id", "project.id", "projectId", "project", "user_api_key_project_id"],
    feature: ["feature_id", "feature.id", "featureId", "feature"],
  },
  required: IDENTITY_LAYERS,
  masterKeyHashes: [],
  learnMasterKeys: true,
  source: "default",
};
