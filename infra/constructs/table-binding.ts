/**
 * A table bound to a function in one call: the environment variable naming it and exactly the grant the function
 * uses, derived from the same role, so a function can never hold a grant it does not use, or a variable that names
 * the wrong table (as Powertools' `bindTable`). Grants are explicit actions, never the CDK's read/write bundles
 * (which include DeleteItem); ledger grants are further limited to the items' key prefixes with
 * `dynamodb:LeadingKeys`, so a function reaches only the ledger items it reads or writes.
 */
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';

export type TableRole = 'records' | 'ledger';

/** The environment variable each table is known by in the functions (shared/config/env.ts). */
export const TABLE_VARIABLE = { records: 'RECORDS_TABLE', ledger: 'LEDGER_TABLE' } as const satisfies Record<
  TableRole,
  string
>;

export type Tables = Record<TableRole, ITable>;

/** The DynamoDB item actions this product uses. DeleteItem is deliberately not one of them. */
export type TableAction =
  | 'dynamodb:GetItem'
  | 'dynamodb:BatchGetItem'
  | 'dynamodb:Query'
  | 'dynamodb:Scan'
  | 'dynamodb:PutItem'
  | 'dynamodb:UpdateItem'
  | 'dynamodb:BatchWriteItem';

const WRITES: readonly TableAction[] = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:BatchWriteItem'];

export interface TableAccess {
  actions: readonly TableAction[];
  /**
   * Partition-key patterns (`EMAIL#*`, `DIRECTORY`) the function may touch; every item when omitted. A role may
   * hold several grants, each its actions on its items (read the suppressed addresses, write the emails).
   */
  items?: readonly string[];
  /** A query of this index (table-design.ts) instead of the table's items. */
  index?: string;
}

export function bindTable(
  fn: LambdaFunction,
  tables: Tables,
  role: TableRole,
  access: TableAccess | readonly TableAccess[],
): void {
  const table = tables[role];
  const grants: readonly TableAccess[] = Array.isArray(access) ? access : [access as TableAccess];
  fn.addEnvironment(TABLE_VARIABLE[role], table.tableName);
  for (const grant of grants)
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: [...grant.actions],
        resources: [grant.index ? `${table.tableArn}/index/${grant.index}` : table.tableArn],
        ...(grant.items
          ? { conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [...grant.items] } } }
          : {}),
      }),
    );
  // The table's customer-managed key: decrypt to read, and generate data keys to write.
  if (table.encryptionKey) {
    const writes = grants.some((g) => g.actions.some((a) => WRITES.includes(a)));
    table.encryptionKey.grant(fn, 'kms:Decrypt', ...(writes ? ['kms:Encrypt', 'kms:GenerateDataKey*'] : []));
  }
}

/** Binds several tables at once: `{ records: {...}, ledger: [{...}, {...}] }`. */
export function bindTables(
  fn: IFunction & LambdaFunction,
  tables: Tables,
  access: Partial<Record<TableRole, TableAccess | readonly TableAccess[]>>,
) {
  for (const role of Object.keys(access) as TableRole[]) bindTable(fn, tables, role, access[role]!);
}
