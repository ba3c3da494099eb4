import { contextBridge, ipcRenderer } from 'electron';
import { API_GLOBAL } from '../common/ipc-contract';
import { buildRecorderApi } from './build-api';

// Sandboxed preload: bundled into one CommonJS file, since it may only require 'electron'.
contextBridge.exposeInMainWorld(API_GLOBAL, buildRecorderApi(ipcRenderer));
