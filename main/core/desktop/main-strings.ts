import { catalogs, type Language, type Messages } from '../../../common/i18n/messages';

/**
 * The words the main process shows itself (tray menu and tooltip, the close and quit questions, a second
 * copy refused): taken from the app's one catalogue (common/i18n/messages.ts), in the language the teacher
 * chose in Settings, so the tray and the dialogs speak as the window does.
 */
export type MainStrings = Messages;

export function mainStringsFor(language: Language): MainStrings {
  return catalogs[language];
}
