import { describe, expect, it } from 'vitest';
import { compileMessage, RenderBudget } from '../../src/engine/templates.js';
import { InputError } from '../../src/errors.js';
import type { Campaign } from '../../src/types.js';

/** A campaign with only a body template, written on line 9, column 3 of its file. */
function campaignWithBody(body: string): Campaign {
  return {
    message: { body },
    locate: (keyPath: ReadonlyArray<string | number>) => ({
      file: 'campaign.yaml',
      line: keyPath.join('.') === 'message.body' ? 9 : 1,
      column: 3,
    }),
  } as unknown as Campaign;
}

const columns = new Map([['first_name', 0]]);

/** Renders the body for first names n0, n1, … until it throws; returns the error and the rows rendered. */
function renderUntilError(message: ReturnType<typeof compileMessage>, maxRows: number): { error: unknown; rows: number } {
  for (let row = 0; row < maxRows; row++) {
    try {
      message.render('body', [`n${row}`], columns);
    } catch (error) {
      return { error, rows: row };
    }
  }
  return { error: undefined, rows: maxRows };
}

/** About `loops` × 3 text nodes per render: a few milliseconds per thousand. */
const slowBody = (loops: number): string =>
  `{{ first_name }}{% for i in (1..${loops}) %}{% for j in (1..3) %}x{% endfor %}{% endfor %}`;

describe('render budget of a check', () => {
  it('stops the run when distinct rows together take longer than the budget, naming the template', () => {
    // Warmed up first, and a budget of many renders: on a busy machine the first, cold renders alone
    // could take a small budget, and no row would be rendered before the error.
    renderUntilError(compileMessage(campaignWithBody(slowBody(500)), new RenderBudget()), 20);
    const message = compileMessage(campaignWithBody(slowBody(500)), new RenderBudget(300));
    const { error, rows } = renderUntilError(message, 10_000);
    expect(error).toBeInstanceOf(InputError);
    const inputError = error as InputError;
    expect(inputError.message).toMatch(
      /^message\.body exceeds the render budget: the templates of this check took [\d.]+ s in \d+ renders? \(at most 0\.3 s plus 1 ms a render\)$/,
    );
    expect([inputError.file, inputError.line, inputError.column]).toEqual(['campaign.yaml', 9, 3]);
    expect(rows).toBeGreaterThan(0);
    expect(rows).toBeLessThan(10_000);
  });

  it('stops a render that would outrun the budget in the middle, not after the one-render limit', () => {
    // One render of this body takes several hundred milliseconds; the budget is 20.
    const message = compileMessage(campaignWithBody(slowBody(50_000)), new RenderBudget(20));
    const { error, rows } = renderUntilError(message, 10);
    expect(rows).toBe(0);
    expect((error as InputError).message).toMatch(/^message\.body exceeds the render budget: .* in 1 render \(/);
  });

  it('is shared by the campaigns of a check: the next campaign finds it spent', () => {
    const budget = new RenderBudget(30);
    expect(renderUntilError(compileMessage(campaignWithBody(slowBody(500)), budget), 10_000).error).toBeInstanceOf(InputError);
    const { error, rows } = renderUntilError(compileMessage(campaignWithBody(slowBody(500)), budget), 10_000);
    expect(rows).toBe(0);
    expect((error as InputError).message).toMatch(/^message\.body exceeds the render budget/);
  });

  it('counts only renders: rows with the same values reuse the first one', () => {
    const message = compileMessage(campaignWithBody(slowBody(500)), new RenderBudget(30));
    for (let row = 0; row < 1_000; row++) expect(message.render('body', ['Ann'], columns)).toMatch(/^Annx/);
  });

  it('never runs out for an ordinary template: each render adds 1 ms to the budget', () => {
    // 20,000 renders take some 200 ms, well past the budget alone.
    const message = compileMessage(campaignWithBody('Dear {{ first_name | default: "Customer" }},'), new RenderBudget(50));
    for (let row = 0; row < 20_000; row++) expect(message.render('body', [`n${row}`], columns)).toBe(`Dear n${row},`);
  });
});
