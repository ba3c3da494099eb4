import { t } from '../i18n/i18n';
import type { LanguageChoice } from '../../common/i18n/messages';
import { h } from './dom';

/**
 * The language choice, as Settings and the welcome show it. Each language is named in itself, so a
 * teacher can find theirs whatever the current one is.
 */
export function languageSelect(id: string, current: LanguageChoice): HTMLSelectElement {
  const select = h(
    'select',
    { id },
    h('option', { value: 'system' }, t('languageSystem')),
    h('option', { value: 'en', lang: 'en' }, 'English'),
    h('option', { value: 'zh-CN', lang: 'zh-CN' }, '中文'),
  );
  select.value = current;
  return select;
}
