import type { Rule } from '../types.js';
import nullableTenantKey from './nullable-tenant-key.js';
import tenantKeyWithoutFk from './tenant-key-without-fk.js';
import tenantKeyConstantDefault from './tenant-key-constant-default.js';
import uniqueWithoutTenantKey from './unique-without-tenant-key.js';
import multipleTenantKeys from './multiple-tenant-keys.js';
import missingTenantKey from './missing-tenant-key.js';
import rlsWithoutPolicy from './rls-without-policy.js';
import policyWithoutRls from './policy-without-rls.js';
import rlsNotForced from './rls-not-forced.js';

export const tenancyRules: Rule[] = [
  nullableTenantKey,
  tenantKeyWithoutFk,
  tenantKeyConstantDefault,
  uniqueWithoutTenantKey,
  multipleTenantKeys,
  missingTenantKey,
  rlsWithoutPolicy,
  policyWithoutRls,
  rlsNotForced,
];
