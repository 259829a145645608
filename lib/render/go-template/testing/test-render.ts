// Test helper: parse and execute a template with "<<"/">>" delimiters and the slim-sprig functions.

import { executeGoTemplate, parseGoTemplate, SPRIG_FUNCTIONS, TemplateError, type ExecuteLimits } from "..";
import type { FieldReads } from "../field-reads";
import type { FunctionMap } from "../functions";

export const ANGLE = { left: "<<", right: ">>" };

export function render(
  text: string,
  data: unknown = null,
  options: ExecuteLimits & { functions?: FunctionMap; reads?: FieldReads } = {},
): string {
  const template = parseGoTemplate(text, {
    delims: ANGLE,
    functions: { ...SPRIG_FUNCTIONS, ...options.functions },
  });
  return executeGoTemplate(template, { data, ...options });
}

/** The TemplateError a render throws (fails the test when it does not throw one). */
export function renderError(text: string, data: unknown = null, options: ExecuteLimits = {}): TemplateError {
  try {
    render(text, data, options);
  } catch (error) {
    if (error instanceof TemplateError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(text)} to fail`);
}
