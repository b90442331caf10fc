import { schema, validator } from "../validators.js";

/** schemas/rule.schema.json, parsed (for the keys a misspelling is matched against). */
export const ruleSchema = (): Record<string, unknown> => schema("rule");

/** Validates a parsed rule file against schemas/rule.schema.json. */
export const validateRuleSpec = validator("rule");
