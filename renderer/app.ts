import { pickLanguage, setLanguage, t } from './i18n/i18n';
import { getRecorderApi, unwrap } from './main-api';
import { APP_PREFERENCES_KEY, parseAppPreferences } from './settings/app-preferences';
import { MainScreen } from './ui/main-screen';
import { SettingsPanel } from './ui/settings-panel';
import { WelcomeScreen } from './ui/welcome-screen';

// Entry point of the renderer, identical in Electron and in browser mode.
const preferences = parseAppPreferences(localStorage.getItem(APP_PREFERENCES_KEY));
const language = preferences.language === 'system' ? pickLanguage(navigator.languages) : preferences.language;
setLanguage(language);
document.documentElement.lang = language;
document.title = t('appTitle');

async function start(root: HTMLElement): Promise<void> {
  const api = getRecorderApi();
  const state = unwrap(await api.getState());
  // The first launch (nothing stored in main yet) shows the welcome before anything is opened.
  if (!state.settings.welcomeDone) await new WelcomeScreen(api, root, state, preferences).show();
  const settings = new SettingsPanel(preferences, api, unwrap(await api.getState()));
  await new MainScreen(api, root, settings).mount();
}

const root = document.getElementById('app');
if (root) {
  start(root).catch((error: unknown) => {
    root.textContent = String(error);
    console.error(error);
  });
}
