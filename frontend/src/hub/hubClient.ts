// One SignalR connection per signed-in tab. Wraps @microsoft/signalr so the
// rest of the app sees typed events, a connection state to render, and a
// "reconnected" hook (rooms must be re-entered: the server forgets a
// connection's rooms when it drops).
import { HttpTransportType, HubConnectionBuilder, HubConnectionState, LogLevel, type HubConnection } from '@microsoft/signalr';
import { backoffDelay, jitteredRetryPolicy } from './backoff';
import { HUB_EVENT_NAMES, type EnterRoomResult, type HubEventName, type HubEvents, type SignalKind } from './events';

export type HubState = 'connecting' | 'connected' | 'reconnecting' | 'stopped';

type Handler<K extends HubEventName> = (event: HubEvents[K]) => void;

export class HubClient {
  private readonly connection: HubConnection;
  private readonly handlers = new Map<HubEventName, Set<(e: unknown) => void>>();
  private readonly stateListeners = new Set<(s: HubState) => void>();
  private readonly reconnectListeners = new Set<() => void>();
  private waiters: Array<() => void> = [];
  private stopped = false;
  private stopping: Promise<void> = Promise.resolve();
  private attempt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private everConnected = false;
  state: HubState = 'connecting';

  constructor(url = '/hubs/signaling') {
    this.connection = new HubConnectionBuilder()
      // WebSockets only, without the negotiate round trip: one request per connection, so any signaling replica
      // (behind the gateway, or one Kubernetes Service) can take it; the Redis backplane joins the replicas.
      .withUrl(url, { transport: HttpTransportType.WebSockets, skipNegotiation: true })
      .withAutomaticReconnect(jitteredRetryPolicy())
      .configureLogging(LogLevel.Warning)
      .build();

    for (const name of HUB_EVENT_NAMES) {
      this.connection.on(name, (event: unknown) => {
        this.handlers.get(name)?.forEach((h) => {
          try {
            h(event);
          } catch (e) {
            console.error(`Handler for ${name} failed`, e);
          }
        });
      });
    }
    this.connection.onreconnecting(() => this.setState('reconnecting'));
    this.connection.onreconnected(() => this.connected());
    // Automatic reconnect never gives up with our policy, so onclose means the
    // server closed us or the first connect failed: keep trying ourselves.
    this.connection.onclose(() => {
      if (!this.stopped) this.scheduleStart();
    });
  }

  start(): void {
    this.stopped = false;
    void this.tryStart();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.setState('stopped');
    this.stopping = this.connection.stop().catch(() => undefined);
    await this.stopping;
  }

  private async tryStart(): Promise<void> {
    // A stop() still in flight (e.g. a quick stop/start) must finish first.
    await this.stopping;
    if (this.stopped || this.connection.state !== HubConnectionState.Disconnected) return;
    this.setState(this.everConnected ? 'reconnecting' : 'connecting');
    try {
      await this.connection.start();
      this.connected();
    } catch {
      this.scheduleStart();
    }
  }

  private scheduleStart(): void {
    if (this.stopped) return;
    this.setState(this.everConnected ? 'reconnecting' : 'connecting');
    const delay = backoffDelay(this.attempt++);
    this.retryTimer = setTimeout(() => void this.tryStart(), delay);
  }

  private connected(): void {
    const wasReconnect = this.everConnected;
    this.everConnected = true;
    this.attempt = 0;
    this.setState('connected');
    const waiters = this.waiters;
    this.waiters = [];
    waiters.forEach((w) => w());
    if (wasReconnect) this.reconnectListeners.forEach((l) => l());
  }

  private setState(state: HubState): void {
    if (this.state === state) return;
    this.state = state;
    this.stateListeners.forEach((l) => l(state));
  }

  whenConnected(): Promise<void> {
    if (this.connection.state === HubConnectionState.Connected) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  on<K extends HubEventName>(name: K, handler: Handler<K>): () => void {
    let set = this.handlers.get(name);
    if (!set) this.handlers.set(name, (set = new Set()));
    const h = handler as (e: unknown) => void;
    set.add(h);
    return () => set.delete(h);
  }

  onState(listener: (s: HubState) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  onReconnected(listener: () => void): () => void {
    this.reconnectListeners.add(listener);
    return () => this.reconnectListeners.delete(listener);
  }

  private async invoke<T>(method: string, ...args: unknown[]): Promise<T> {
    await this.whenConnected();
    return this.connection.invoke<T>(method, ...args);
  }

  enterRoom(roomId: string): Promise<EnterRoomResult> {
    return this.invoke<EnterRoomResult>('EnterRoom', roomId);
  }

  leaveRoom(roomId: string): Promise<void> {
    // Leaving while disconnected is moot: the server already dropped us.
    if (this.connection.state !== HubConnectionState.Connected) return Promise.resolve();
    return this.connection.invoke('LeaveRoom', roomId);
  }

  signal(roomId: string, toPeer: string, kind: SignalKind, payload: unknown, id: string): Promise<void> {
    return this.invoke('Signal', roomId, toPeer, kind, payload, id);
  }

  typing(roomId: string): Promise<void> {
    if (this.connection.state !== HubConnectionState.Connected) return Promise.resolve();
    return this.connection.invoke('Typing', roomId);
  }
}
