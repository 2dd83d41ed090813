/**
 * A 400's `fields` (`body.address`, `body.set.0`, …) as errors on the form's own fields, so the
 * user sees each beside what it is about; the problem alert lists them all as well.
 */
import type { FormInstance } from 'antd';
import { ApiProblem } from '../api/problem';

export function showFieldErrors<T>(
  form: FormInstance<T>,
  error: unknown,
  names: readonly string[],
): void {
  if (!(error instanceof ApiProblem)) return;
  const byName = new Map<string, string[]>();
  for (const { field, message } of error.body.fields ?? []) {
    const [first, second] = field.split('.');
    const name = first === 'body' ? second : first;
    if (name === undefined || !names.includes(name)) continue;
    byName.set(name, [...(byName.get(name) ?? []), message]);
  }
  form.setFields([...byName].map(([name, errors]) => ({ name: name as never, errors })));
}
