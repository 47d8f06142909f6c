export declare const DELIMITER: string;
export declare const PROTOCOL_VERSION: string;
export interface Header {
  msg_id: string;
  msg_type: string;
  session: string;
  username: string;
  date: string;
  version: string;
}
export interface Message {
  header: Header | Record<string, any>;
  parent_header?: Record<string, any>;
  metadata?: Record<string, any>;
  content?: any;
}
export interface ReceivedMessage {
  identities: Buffer[];
  header: any;
  parent_header: any;
  metadata: any;
  content: any;
  buffers: Buffer[];
}
export declare function sign(key: string, frames: Array<string | Buffer>): string;
export declare function makeHeader(msgType: string, session: string, username?: string): Header;
export declare function serialize(msg: Message, key: string): string[];
export declare function deserialize(frames: Array<Buffer | string>, key: string): ReceivedMessage;
