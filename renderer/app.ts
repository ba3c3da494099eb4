import { pickLanguage, setLanguage, t } from './i18n/i18n';
import { getRecorderApi } from './main-api';
import { MainScreen } from './ui/main-screen';

// Entry point of the renderer, identical in Electron and in browser mode.
setLanguage(pickLanguage(navigator.languages));
document.documentElement.lang = pickLanguage(navigator.languages);
document.title = t('appTitle');

const root = document.getElementById('app');
if (root) {
  new MainScreen(getRecorderApi(), root).mount().catch((error: unknown) => {
    root.textContent = String(error);
    console.error(error);
  });
}
