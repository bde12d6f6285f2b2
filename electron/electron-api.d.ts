/**
 * The part of Electron's API this project uses, declared here because the electron package (and so
 * its typings) is missing wherever its binary cannot be installed, CI included. tsconfig.json maps
 * the module name 'electron' to this file everywhere, so the typecheck is the same on every machine.
 * Add a member when the code needs it, with the signature from Electron's documentation.
 */

interface ElectronEvent {
  preventDefault(): void;
  readonly defaultPrevented: boolean;
}

interface NavigationEvent extends ElectronEvent {
  readonly url: string;
  readonly isMainFrame: boolean;
}

export interface WebPreferences {
  preload?: string;
  contextIsolation?: boolean;
  sandbox?: boolean;
  nodeIntegration?: boolean;
  nodeIntegrationInWorker?: boolean;
  nodeIntegrationInSubFrames?: boolean;
  webSecurity?: boolean;
  allowRunningInsecureContent?: boolean;
  webviewTag?: boolean;
  experimentalFeatures?: boolean;
  navigateOnDragDrop?: boolean;
  safeDialogs?: boolean;
  spellcheck?: boolean;
  devTools?: boolean;
  partition?: string;
}

export interface BrowserWindowConstructorOptions {
  width?: number;
  height?: number;
  minWidth?: number;
  minHeight?: number;
  title?: string;
  backgroundColor?: string;
  autoHideMenuBar?: boolean;
  show?: boolean;
  webPreferences?: WebPreferences;
}

export interface WebFrameMain {
  readonly url: string;
  readonly parent: WebFrameMain | null;
  readonly top: WebFrameMain | null;
}

export interface WindowOpenHandlerResponse {
  action: 'allow' | 'deny';
}

export interface WebContents {
  readonly id: number;
  readonly mainFrame: WebFrameMain;
  send(channel: string, ...args: unknown[]): void;
  getURL(): string;
  setWindowOpenHandler(handler: (details: { url: string }) => WindowOpenHandlerResponse): void;
  print(
    options: {
      silent?: boolean;
      printBackground?: boolean;
      landscape?: boolean;
      pageSize?: 'A4' | 'A3' | 'Letter';
    },
    callback?: (success: boolean, failureReason: string) => void,
  ): void;
  on(
    event: 'will-navigate' | 'will-frame-navigate' | 'will-redirect',
    listener: (event: NavigationEvent) => void,
  ): this;
  on(event: 'will-attach-webview', listener: (event: ElectronEvent) => void): this;
}

export class BrowserWindow {
  constructor(options?: BrowserWindowConstructorOptions);
  readonly webContents: WebContents;
  loadURL(url: string): Promise<void>;
  show(): void;
  focus(): void;
  restore(): void;
  close(): void;
  isMinimized(): boolean;
  isDestroyed(): boolean;
  getTitle(): string;
  once(event: 'ready-to-show', listener: () => void): this;
  on(event: 'closed', listener: () => void): this;
}

export interface App {
  readonly isPackaged: boolean;
  getPath(name: 'userData' | 'appData' | 'home' | 'temp' | 'logs' | 'documents'): string;
  getVersion(): string;
  getAppPath(): string;
  requestSingleInstanceLock(): boolean;
  whenReady(): Promise<void>;
  quit(): void;
  exit(exitCode?: number): void;
  on(
    event: 'second-instance' | 'window-all-closed' | 'will-quit' | 'before-quit',
    listener: () => void,
  ): this;
  on(event: 'web-contents-created', listener: (event: ElectronEvent, contents: WebContents) => void): this;
}

export interface IpcMainInvokeEvent {
  readonly sender: WebContents;
  readonly senderFrame: WebFrameMain | null;
}

export interface IpcMain {
  handle(channel: string, listener: (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

export interface CustomScheme {
  scheme: string;
  privileges?: {
    standard?: boolean;
    secure?: boolean;
    bypassCSP?: boolean;
    allowServiceWorkers?: boolean;
    supportFetchAPI?: boolean;
    corsEnabled?: boolean;
    stream?: boolean;
    codeCache?: boolean;
  };
}

export interface Protocol {
  registerSchemesAsPrivileged(customSchemes: CustomScheme[]): void;
  handle(scheme: string, handler: (request: Request) => Response | Promise<Response>): void;
}

export interface OnHeadersReceivedListenerDetails {
  readonly url: string;
  readonly resourceType: string;
  readonly responseHeaders?: Record<string, string[]>;
}

export interface HeadersReceivedResponse {
  cancel?: boolean;
  responseHeaders?: Record<string, string | string[]>;
  statusLine?: string;
}

export interface WebRequest {
  onHeadersReceived(
    listener: (
      details: OnHeadersReceivedListenerDetails,
      callback: (response: HeadersReceivedResponse) => void,
    ) => void,
  ): void;
}

export interface Session {
  readonly webRequest: WebRequest;
  setPermissionRequestHandler(
    handler: (contents: WebContents, permission: string, callback: (granted: boolean) => void) => void,
  ): void;
  setPermissionCheckHandler(handler: (contents: WebContents | null, permission: string) => boolean): void;
}

export interface FileFilter {
  name: string;
  extensions: string[];
}

export interface SaveDialogOptions {
  title?: string;
  defaultPath?: string;
  filters?: FileFilter[];
  properties?: Array<
    | 'showHiddenFiles'
    | 'createDirectory'
    | 'treatPackageAsDirectory'
    | 'showOverwriteConfirmation'
    | 'dontAddToRecent'
  >;
}

export interface SaveDialogReturnValue {
  canceled: boolean;
  filePath: string;
}

export interface Dialog {
  showErrorBox(title: string, content: string): void;
  showSaveDialog(window: BrowserWindow, options: SaveDialogOptions): Promise<SaveDialogReturnValue>;
}

export interface IpcRendererEvent {
  readonly sender: unknown;
}

export interface IpcRenderer {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: IpcRendererEvent, ...args: unknown[]) => void): this;
  removeListener(channel: string, listener: (event: IpcRendererEvent, ...args: unknown[]) => void): this;
}

export interface ContextBridge {
  exposeInMainWorld(apiKey: string, api: unknown): void;
}

export interface SafeStorage {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

export const app: App;
export const dialog: Dialog;
export const ipcMain: IpcMain;
export const protocol: Protocol;
export const session: { readonly defaultSession: Session };
export const contextBridge: ContextBridge;
export const ipcRenderer: IpcRenderer;
export const safeStorage: SafeStorage;
