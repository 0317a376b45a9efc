// "Perfect negotiation" (W3C WebRTC spec, §10.7 example): both peers may make
// offers at any time; when two offers cross ("glare") the impolite peer
// ignores the incoming one and the polite peer rolls its own back and answers.
// Who is polite is decided from the two peer ids alone, so both sides agree
// without talking.

/** The subset of RTCPeerConnection that negotiation needs (lets tests use a fake). */
export interface NegotiablePc {
  readonly signalingState: RTCSignalingState;
  readonly localDescription: RTCSessionDescriptionInit | null;
  setLocalDescription(description?: RTCSessionDescriptionInit): Promise<void>;
  setRemoteDescription(description: RTCSessionDescriptionInit): Promise<void>;
  addIceCandidate(candidate?: RTCIceCandidateInit | null): Promise<void>;
}

/** The polite peer is the one whose peer id sorts first (plain code-unit order, identical in every browser). */
export function isPolite(selfPeerId: string, otherPeerId: string): boolean {
  return selfPeerId < otherPeerId;
}

export interface DescriptionContext {
  type: RTCSdpType;
  polite: boolean;
  makingOffer: boolean;
  signalingState: RTCSignalingState;
  isSettingRemoteAnswerPending: boolean;
}

export interface DescriptionDecision {
  /** An offer arrived while we were not ready for one. */
  collision: boolean;
  /** Drop the description (only the impolite side ever does). */
  ignore: boolean;
}

/** The pure heart of perfect negotiation. */
export function decideOnDescription(ctx: DescriptionContext): DescriptionDecision {
  const readyForOffer =
    !ctx.makingOffer && (ctx.signalingState === 'stable' || ctx.isSettingRemoteAnswerPending);
  const collision = ctx.type === 'offer' && !readyForOffer;
  return { collision, ignore: !ctx.polite && collision };
}

export type SendDescription = (description: RTCSessionDescriptionInit) => void;

/** Runs the perfect-negotiation state machine for one RTCPeerConnection. */
export class Negotiator {
  makingOffer = false;
  ignoreOffer = false;
  isSettingRemoteAnswerPending = false;
  private readonly pc: NegotiablePc;
  readonly polite: boolean;
  private readonly send: SendDescription;
  private readonly onError: (error: unknown) => void;

  constructor(
    pc: NegotiablePc,
    polite: boolean,
    send: SendDescription,
    onError: (error: unknown) => void = () => undefined,
  ) {
    this.pc = pc;
    this.polite = polite;
    this.send = send;
    this.onError = onError;
  }

  /** Wire to `negotiationneeded`. */
  async negotiationNeeded(): Promise<void> {
    try {
      this.makingOffer = true;
      // Implicit createOffer: the browser picks offer or answer for the current state.
      await this.pc.setLocalDescription();
      const local = this.pc.localDescription;
      if (local) this.send({ type: local.type, sdp: local.sdp });
    } catch (e) {
      this.onError(e);
    } finally {
      this.makingOffer = false;
    }
  }

  /** Handle an incoming offer or answer. */
  async receiveDescription(description: RTCSessionDescriptionInit): Promise<void> {
    const decision = decideOnDescription({
      type: description.type,
      polite: this.polite,
      makingOffer: this.makingOffer,
      signalingState: this.pc.signalingState,
      isSettingRemoteAnswerPending: this.isSettingRemoteAnswerPending,
    });
    this.ignoreOffer = decision.ignore;
    if (decision.ignore) return;
    try {
      this.isSettingRemoteAnswerPending = description.type === 'answer';
      // On collision the polite side relies on implicit rollback of its own offer.
      await this.pc.setRemoteDescription(description);
      this.isSettingRemoteAnswerPending = false;
      if (description.type === 'offer') {
        await this.pc.setLocalDescription();
        const local = this.pc.localDescription;
        if (local) this.send({ type: local.type, sdp: local.sdp });
      }
    } catch (e) {
      this.isSettingRemoteAnswerPending = false;
      this.onError(e);
    }
  }

  /** Handle an incoming ICE candidate; `null` means end of candidates. */
  async receiveCandidate(candidate: RTCIceCandidateInit | null): Promise<void> {
    try {
      await this.pc.addIceCandidate(candidate ?? undefined);
    } catch (e) {
      // Candidates for an offer we deliberately ignored are expected to fail.
      if (!this.ignoreOffer) this.onError(e);
    }
  }
}
