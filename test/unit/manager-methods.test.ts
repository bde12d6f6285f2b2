/**
 * The manager's desk methods are one group: every `manager.*` method of the contract is for managers
 * (managerRoles), so a role table can cover the group by its prefix.
 */
import { expect, it } from 'vitest';
import { apiContract, apiMethods, managerMethodPrefix, managerRoles } from '../../domain/api/contract.ts';

it('gives every manager.* method the managers’ roles', () => {
  const group = apiMethods.filter((m) => m.startsWith(managerMethodPrefix));
  expect(group).toEqual(
    expect.arrayContaining([
      'manager.readCouponList',
      'manager.getCouponImportProblems',
      'manager.applyCouponImport',
      'manager.discardCouponImport',
      'manager.getDashboard',
      'manager.exportDashboard',
      'manager.printDashboard',
    ]),
  );
  for (const name of group) expect(apiContract[name].roles, name).toBe(managerRoles);
});
