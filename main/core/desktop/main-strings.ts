/**
 * The few strings the main process shows itself (tray menu, tooltip, close dialog), in the renderer's two
 * languages. The renderer's own catalogue is in renderer/i18n; these are kept apart because main cannot
 * import renderer code.
 */

export type MainLanguage = 'en' | 'zh-CN';

const en = {
  trayIdle: 'Classroom Recorder: ready',
  trayRecording: 'Classroom Recorder: recording',
  trayPaused: 'Classroom Recorder: paused',
  menuStartRecording: 'Start recording',
  menuStopRecording: 'Stop and save',
  menuPause: 'Pause',
  menuResume: 'Resume',
  menuOpen: 'Open Classroom Recorder',
  menuQuit: 'Quit',
  closeWhileRecordingMessage: 'A lesson is being recorded.',
  closeWhileRecordingDetail:
    'Closing the window would end the recording. Keep recording in the background (it stays in the tray, the menu bar on a Mac), or stop and save the lesson now.',
  quitWhileRecordingMessage: 'A lesson is being recorded. Quit anyway?',
  quitWhileRecordingDetail:
    'If you quit now, the lesson recorded so far is kept and saved as "(recovered)" the next time you open Classroom Recorder. To save it now, choose Stop and save.',
  answerKeepRecording: 'Keep recording',
  answerRecordInBackground: 'Keep recording in the background',
  answerStopAndSave: 'Stop and save',
  answerQuitNow: 'Quit now',
  answerCancel: 'Cancel',
  alreadyRunningMessage: 'Classroom Recorder is already running.',
  alreadyRunningDetail: 'It is open in browser mode ({where}) with the same lessons and settings. Use that one, or quit it first and open the app again.',
} as const;

export type MainStringKey = keyof typeof en;
export type MainStrings = Record<MainStringKey, string>;

const zhCN: MainStrings = {
  trayIdle: '课堂录制：准备录制',
  trayRecording: '课堂录制：正在录制',
  trayPaused: '课堂录制：已暂停',
  menuStartRecording: '开始录制',
  menuStopRecording: '停止并保存',
  menuPause: '暂停',
  menuResume: '继续',
  menuOpen: '打开课堂录制',
  menuQuit: '退出',
  closeWhileRecordingMessage: '正在录制课程。',
  closeWhileRecordingDetail: '关闭窗口会结束录制。您可以在后台继续录制（程序保留在系统托盘中，Mac 上在菜单栏中），或者现在停止并保存本节课。',
  quitWhileRecordingMessage: '正在录制课程。仍要退出吗？',
  quitWhileRecordingDetail: '如果现在退出，已录制的内容会被保留，并在下次打开课堂录制时保存为“(recovered)”文件。要现在保存，请选择“停止并保存”。',
  answerKeepRecording: '继续录制',
  answerRecordInBackground: '在后台继续录制',
  answerStopAndSave: '停止并保存',
  answerQuitNow: '立即退出',
  answerCancel: '取消',
  alreadyRunningMessage: '课堂录制已在运行。',
  alreadyRunningDetail: '它正以浏览器模式（{where}）使用相同的课程和设置运行。请使用那一个，或先退出它，再重新打开本程序。',
};

/** Both catalogues, keyed by language. Every language has every key (checked by the type and a test). */
export const mainCatalogs: Readonly<Record<MainLanguage, MainStrings>> = { en, 'zh-CN': zhCN };

/** The same rule as the renderer's `pickLanguage`: any Chinese tag → zh-CN; everything else → en. */
export function pickMainLanguage(preferred: readonly string[]): MainLanguage {
  return preferred.some((tag) => /^zh\b/i.test(tag)) ? 'zh-CN' : 'en';
}

/** The strings for the user's languages (e.g. Electron's `app.getPreferredSystemLanguages()`). */
export function mainStringsFor(preferred: readonly string[]): MainStrings {
  return mainCatalogs[pickMainLanguage(preferred)];
}
