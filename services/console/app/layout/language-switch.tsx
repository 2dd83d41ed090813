import { Segmented } from 'antd';
import { useTranslation } from 'react-i18next';
import { chooseLanguage, LANGUAGES, type Language } from '../i18n/i18n';

export function LanguageSwitch() {
  const { i18n } = useTranslation();
  return (
    <Segmented<Language>
      data-testid="language-switch"
      value={i18n.language === 'zh-CN' ? 'zh-CN' : 'en-US'}
      options={LANGUAGES.map((l) => ({ label: l.name, value: l.code }))}
      onChange={chooseLanguage}
    />
  );
}
