/**
 * A failed call, in the API's own words: title, detail, the fields at fault, the problems of a text
 * that does not validate (a rule's with its line and path, so the author can find each one).
 */
import { Alert } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiProblem, type TextProblem } from '../api/problem';

export function ProblemAlert({
  error,
  title,
}: {
  readonly error: unknown;
  readonly title?: string;
}) {
  const { t } = useTranslation();
  if (!(error instanceof ApiProblem)) {
    return (
      <Alert
        type="error"
        showIcon
        data-testid="problem"
        message={title ?? t('problem.title')}
        description={t('problem.network')}
      />
    );
  }
  const { body, status } = error;
  const lines = [
    ...(body.fields ?? []).map((f) => `${f.field}: ${f.message}`),
    ...(body.problems ?? []).map((p) => problemLine(p, (line) => t('problem.line', { line }))),
  ];
  return (
    <Alert
      type="error"
      showIcon
      data-testid="problem"
      message={
        title ? `${title}: ${body.title ?? t('problem.title')}` : (body.title ?? t('problem.title'))
      }
      description={
        <>
          <div>{body.detail ?? t('problem.status', { status })}</div>
          {lines.length > 0 && (
            <ul style={{ margin: '8px 0 0', paddingInlineStart: 20 }}>
              {lines.map((line, i) => (
                <li key={i}>{line}</li>
              ))}
            </ul>
          )}
        </>
      }
    />
  );
}

/** `line 12 · contactHours.CN: message`, with as much of the place as the API knows. */
function problemLine(problem: TextProblem, lineText: (line: number) => string): string {
  const where = [
    problem.line !== undefined ? lineText(problem.line) : undefined,
    problem.path,
  ].filter((part) => part !== undefined);
  return where.length > 0 ? `${where.join(' · ')}: ${problem.message}` : problem.message;
}
