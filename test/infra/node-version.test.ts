import { readFileSync } from 'node:fs';
import { Runtime } from 'aws-cdk-lib/aws-lambda';
import { describe, expect, it } from 'vitest';

/** The tests must run on the Node major the functions run on in Lambda, or they prove nothing about production. */
describe('Node version', () => {
  const lambdaMajor = Number(/nodejs(\d+)\.x/.exec(Runtime.NODEJS_22_X.name)?.[1]);
  const houseFunction = readFileSync(new URL('../../infra/constructs/house-function.ts', import.meta.url), 'utf8');

  it('the house function uses the runtime this test pins', () => {
    expect(houseFunction).toContain('Runtime.NODEJS_22_X');
  });

  it('tests run on the Lambda runtime’s Node major', () => {
    expect(Number(process.versions.node.split('.')[0])).toBe(lambdaMajor);
  });

  it('.nvmrc and engines name the same major', () => {
    const nvmrc = readFileSync(new URL('../../.nvmrc', import.meta.url), 'utf8').trim();
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    expect(Number(nvmrc)).toBe(lambdaMajor);
    expect(pkg.engines.node).toMatch(new RegExp(`^>=${lambdaMajor}\\.`));
    expect(pkg.devDependencies.node).toMatch(new RegExp(`^\\^${lambdaMajor}\\.`));
  });
});
