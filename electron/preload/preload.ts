/**
 * Sandboxed preload: bundled into one CommonJS file (a sandboxed preload can only require
 * 'electron'), it exposes `window.deskApi` and never ipcRenderer itself.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { deskBridgeGlobalName } from '../../domain/api/desk-bridge.ts';
import { createDeskBridge } from './desk-bridge.ts';

contextBridge.exposeInMainWorld(deskBridgeGlobalName, createDeskBridge(ipcRenderer));
