/**
 * A unified diff, readable: added lines green, removed lines red, each hunk's place in blue. The
 * file headers (`---`, `+++`) name the two versions and are not changes, so they stay plain.
 */
import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';

type Change = 'added' | 'removed' | 'hunk' | 'same';

const STYLE: Readonly<Record<Change, { background?: string; color?: string }>> = {
  added: { background: '#f6ffed', color: '#237804' },
  removed: { background: '#fff1f0', color: '#a8071a' },
  hunk: { color: '#0958d9' },
  same: {},
};

function changeOf(line: string): Change {
  if (line.startsWith('+++') || line.startsWith('---')) return 'same';
  if (line.startsWith('+')) return 'added';
  if (line.startsWith('-')) return 'removed';
  if (line.startsWith('@@')) return 'hunk';
  return 'same';
}

export function RuleDiff({ diff }: { readonly diff: string }) {
  const { t } = useTranslation();
  // The patch opens with a row of `=` that separates files in a longer patch: not part of this one.
  const lines = diff
    .replace(/\n$/, '')
    .split('\n')
    .filter((line) => !/^=+$/.test(line));
  if (!lines.some((line) => changeOf(line) === 'hunk')) {
    return <Typography.Text type="secondary">{t('rules.noDiff')}</Typography.Text>;
  }
  return (
    <pre
      data-testid="rule-diff"
      style={{ margin: 0, fontSize: 12, maxHeight: 480, overflow: 'auto', lineHeight: 1.5 }}
    >
      {lines.map((line, i) => {
        const change = changeOf(line);
        return (
          <span key={i} data-change={change} style={{ display: 'block', ...STYLE[change] }}>
            {line || ' '}
          </span>
        );
      })}
    </pre>
  );
}
