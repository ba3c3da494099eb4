import { pickLanguage, setLanguage, t } from './i18n/i18n';
import { getRecorderApi } from './main-api';
import { APP_PREFERENCES_KEY, parseAppPreferences } from './settings/app-preferences';
import { MainScreen } from './ui/main-screen';
import { SettingsPanel } from './ui/settings-panel';

// Entry point of the renderer, identical in Electron and in browser mode.
const preferences = parseAppPreferences(localStorage.getItem(APP_PREFERENCES_KEY));
const language = preferences.language === 'system' ? pickLanguage(navigator.languages) : preferences.language;
setLanguage(language);
document.documentElement.lang = language;
document.title = t('appTitle');

const root = document.getElementById('app');
if (root) {
  new MainScreen(getRecorderApi(), root, new SettingsPanel(preferences)).mount().catch((error: unknown) => {
    root.textContent = String(error);
    console.error(error);
  });
}
