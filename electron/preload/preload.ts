/**
 * Sandboxed preload: bundled into one CommonJS file (a sandboxed preload can only require
 * 'electron'), it exposes `window.deskApi` and never ipcRenderer itself.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { createDeskBridge, deskBridgeGlobalName } from './desk-bridge.ts';

contextBridge.exposeInMainWorld(deskBridgeGlobalName, createDeskBridge(ipcRenderer));
