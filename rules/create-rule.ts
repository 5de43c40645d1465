// The built-in rules' `defineRule`: each rule's page is its README.md in the repository.

import { ruleCreator } from '../src/engine/rule.js';
import { REPOSITORY_URL } from '../src/version.js';

export const createRule = ruleCreator((ruleId) => `${REPOSITORY_URL}/blob/main/rules/${ruleId}/README.md`);
