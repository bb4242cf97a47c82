/**
 * The plan's coordinator as an agency of its directory: the one its reports go to, whose staff
 * administer the bot. The parser decides who that is (`Plan.coordinator`); everything else
 * asks here, so the admins, the report's issuer and the signer never disagree.
 */
import type { Directory } from "./directory.js";
import type { Plan } from "./types.js";

export function coordinatorOf({ plan, directory }: { plan: Plan; directory: Directory }): string | undefined {
  return plan.coordinator === null ? undefined : directory.find(plan.coordinator)?.code;
}
