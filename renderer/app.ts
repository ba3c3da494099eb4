import { resolveLanguage } from '../common/i18n/messages';
import { setLanguage, t } from './i18n/i18n';
import { getRecorderApi, unwrap } from './main-api';
import { moveLegacyPreferences } from './settings/legacy-preferences';
import { SettingsClient } from './settings/settings-client';
import { MainScreen } from './ui/main-screen';
import { SettingsPanel } from './ui/settings-panel';
import { WelcomeScreen } from './ui/welcome-screen';

// Entry point of the renderer, identical in Electron and in browser mode.

async function start(root: HTMLElement): Promise<void> {
  const api = getRecorderApi();
  // Choices older versions kept in this page's localStorage become main's settings, once.
  await moveLegacyPreferences(localStorage, (change) => api.updateSettings(change));
  const state = unwrap(await api.getState());
  const settings = new SettingsClient(api, state.settings);
  const language = resolveLanguage(state.settings.language, navigator.languages);
  setLanguage(language);
  document.documentElement.lang = language;
  document.title = t('appTitle');
  // The first launch (nothing stored in main yet) shows the welcome before anything is opened.
  if (!state.settings.welcomeDone) await new WelcomeScreen(api, root, state, settings).show();
  const panel = new SettingsPanel(settings, api, unwrap(await api.getState()));
  await new MainScreen(api, root, panel, settings).mount();
}

const root = document.getElementById('app');
if (root) {
  start(root).catch((error: unknown) => {
    root.textContent = String(error);
    console.error(error);
  });
}
