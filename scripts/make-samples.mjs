#!/usr/bin/env node
// (Re)creates the bundled sample logs under fixtures/samples/: an RTMT-like download of CUCM
// CTIManager SDL traces (plain CRLF, .gz, trailer-less .gzo), a Cisco JTAPI client log and a
// Jabber log, with a README stating the exact expected hits.
//
// Deterministic: no randomness, no clock; every file's mtime is set to 2026-03-15T12:00:00Z so
// that year/date inference from the modification time is stable.
//
// After writing, the files are read back and scanned by a small, slow, independent checker that
// follows CONTRACT.md "What counts as a hit"; the result must equal the hand-counted EXPECTED
// table below, or the script fails. Plain Node ESM, no dependencies. Usage:
//   node scripts/make-samples.mjs

import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(ROOT, 'fixtures', 'samples');
const MTIME = new Date('2026-03-15T12:00:00Z');

const SDL_DIR = 'cucmpub/2026-03-14_08-20-00/cm/trace/cti/sdl';
const F412 = `${SDL_DIR}/SDL001_200_000412.txt`;
const F413 = `${SDL_DIR}/SDL001_200_000413.txt.gz`;
const F414 = `${SDL_DIR}/SDL001_200_000414.txt.gzo`;
const FJTAPI = 'jtapi/CiscoJtapi1.log';
const FJABBER = 'jabber/jabber.log';

// ---------------------------------------------------------------------------------------------
// Hand-counted expected hits (modern era): per file, code -> number of LINES with that code.
// Values used (hex / unsigned / signed):
//   CTIERR_DIRECTORY_LOGIN_TIMEOUT        8CCC0075  2362179701  -1932787595  (4.1: CFWDALL_ALREADY_OFF)
//   CTIERR_LINE_RESTRICTED                8CCC00D3  2362179795  -1932787501
//   CTIERR_DEVICE_RESTRICTED              8CCC00D2  2362179794  -1932787502
//   CTIERR_ILLEGAL_CALLSTATE              8CCC0009  2362179593  -1932787703
//   CTIERR_REDIRECT_CALL_UNKNOWN_DESTINATION 8CCC0034 2362179636 -1932787660
//   CTIERR_DEVICE_NOT_OPEN                8CCC001A  2362179610  -1932787686
//   CTIERR_CALL_MANAGER_NOT_AVAILABLE     8CCC0017  2362179607  -1932787689
//   CTIERR_PROVIDER_NOT_OPEN              8CCC0061  2362179681  -1932787615
//   CTIERR_DIRECTORY_LOGIN_FAILED         8CCC0060  2362179680  -1932787616
//   CONFERENCE_FULL                       8CCC0046  2362179654  -1932787642
//   CTIERR_LOGIN_FAILED_ACCOUNT_LOCKED    8CCC011F  2362179871  -1932787425
//   CTIERR_TRANSFERFAILED_DESTINATION_BUSY 8CCC000D (by name only)
// ---------------------------------------------------------------------------------------------
const EXPECTED = {
  [F412]: {
    codes: {
      CTIERR_DIRECTORY_LOGIN_TIMEOUT: 3, // error code=, Reason code.:, error=0x
      CTIERR_LINE_RESTRICTED: 3, // Result=0x, result=, and one line naming it twice
      CTIERR_DEVICE_RESTRICTED: 2, // Result=0x, result=
      CTIERR_ILLEGAL_CALLSTATE: 2, // Result=0x, result=
      CTIERR_REDIRECT_CALL_UNKNOWN_DESTINATION: 2, // Result=0x (upper case), result=
      CTIERR_DEVICE_NOT_OPEN: 1, // ReasonCode:<signed> and the name on one line
    },
    unknown: { '0x8CCC0299': 1 },
  },
  [F413]: {
    codes: {
      CTIERR_CALL_MANAGER_NOT_AVAILABLE: 2, // Reason:<signed>, Result=0x
      CTIERR_PROVIDER_NOT_OPEN: 2, // result= at 23:59:59.998, ReasonCode: at 00:00:00.001
      CTIERR_DIRECTORY_LOGIN_FAILED: 2, // error code=, Reason code.:
      CTIERR_ILLEGAL_CALLSTATE: 1, // Result=0x (upper case)
      CTIERR_DIRECTORY_LOGIN_TIMEOUT: 1, // error code=
    },
    unknown: {},
  },
  [F414]: {
    codes: {
      CONFERENCE_FULL: 1, // Result=0x
      CTIERR_DEVICE_RESTRICTED: 1, // result=
      CTIERR_LINE_RESTRICTED: 1, // error=0x (upper case)
    },
    unknown: {},
  },
  [FJTAPI]: {
    codes: {
      CTIERR_DIRECTORY_LOGIN_TIMEOUT: 1, // continuation `reason = -1932787595`
      CTIERR_LOGIN_FAILED_ACCOUNT_LOCKED: 1, // continuation `reason = -1932787425`
      CTIERR_ILLEGAL_CALLSTATE: 2, // continuation `result = -1932787703`, exception by name
      CONFERENCE_FULL: 2, // CTIERR_CONFERENCE_FULL + errorcode=<signed> on one line; bare CONFERENCE_FULL
      CTIERR_TRANSFERFAILED_DESTINATION_BUSY: 1, // by name
    },
    unknown: { CTIERR_NOT_IN_ANY_TABLE: 1 },
  },
  [FJABBER]: {
    codes: {
      CTIERR_DEVICE_RESTRICTED: 1, // result= 0x8ccc00d2 , ( CTIERR_DEVICE_RESTRICTED )
      CTIERR_PROVIDER_NOT_OPEN: 1, // result= 0x8ccc0061 , ( CTIERR_PROVIDER_NOT_OPEN )
    },
    unknown: {},
  },
};

// ---------------------------------------------------------------------------------------------
// CUCM CTIManager SDL traces
// ---------------------------------------------------------------------------------------------
const pad = (n, w) => String(n).padStart(w, '0');

function fileHead(time, date, fileNumber) {
  return (
    `30000001.000 |${time} |FileHead |UTC:-05:00,Date: ${date}, AppName: CTIManager, AppId: 200, ` +
    `AppNodeId: 1, AppVersion: CUCM Install=14.0.1.12900-161, HostName: cucmpub, ` +
    `FileNumber: ${fileNumber}, TraceVer: 3.0`
  );
}

// entries: [time, type, text]; a time starting with '+' continues the previous signal (same
// sequence number, next sub-number), as CUCM does for the lines of one burst.
function sdlLines(fileNumber, head, entries) {
  const lines = [head];
  let n = 0;
  let sub = 0;
  for (const [rawTime, type, text] of entries) {
    const cont = rawTime.startsWith('+');
    const time = cont ? rawTime.slice(1) : rawTime;
    if (cont) sub += 1;
    else {
      n += 1;
      sub = 0;
    }
    lines.push(`3${pad(fileNumber, 4)}${pad(n, 3)}.${pad(sub, 3)} |${time} |${type.padEnd(9)}|${text}`);
  }
  return lines;
}

const CTX_AGENT = '1,200,21,167.5^10.20.5.40^SEP0023AC7D11F2';
const CTX_RP = '1,200,21,167.9^10.20.5.40^CTIRP_IVR_4500';
const CTX_REC = '1,200,21,168.2^10.20.5.61^SEPA1B2C3D4E5F6';
const CTX_CSF = '1,200,21,171.3^10.30.7.23^CSFJSMITH';
const RH = '[R:N-H:0,N:0,L:0,V:0,Z:0,D:0]';

const sdl412 = sdlLines(412, fileHead('00:00:00.114', '2026/03/14', 412), [
  ['07:30:00.052', 'SdlStat', 'Period: 6000ms #Processes: 34 SdlTimeQ: 0 SdlTimeQMax: 3 SdlHigh: 0/0 SdlNorm: 0/2 SdlLow: 0/0 SdlLowest: 0/0'],
  ['07:30:02.118', 'AppInfo', '[CTI-INFO] [CTIHandler::processIncomingMessage] CTIConnectionId=212 accepted connection from 10.20.5.40:51234 (TCP)'],
  ['07:30:02.121', 'SdlSig', 'CtiProviderOpenReq |ready |CTIHandler(1,200,8,212) |CTIHandler(1,200,8,212) |1,200,21,167.1^10.20.5.40^* |[T:N-H:0,N:0,L:0,V:0,Z:0,D:0] login=jtapiuser_ccx appId=AgentConnector heartbeat=30'],
  ['+07:30:02.121', 'AppInfo', '[CTI-APP] [CTIHandler::OutputCtiMessage ] CTI ProviderOpenResponse (seq#=2 provider id=16777301 CM Version=14.0.1.12900(161) Provider Info=cucmpub)'],
  ['07:30:02.456', 'AppInfo', '[CTI-INFO] [CTIDirectoryHandler::authenticateUser] user jtapiuser_ccx: sending LDAP bind to 10.20.9.5:636'],
  ['07:30:07.460', 'SdlSig', 'CtiDirLoginTimer |wait |CTIDirectoryHandler(1,200,11,1) |SdlTimerService(1,200,3,1) |1,200,21,167.1^10.20.5.40^* |[T:N-H:0,N:0,L:0,V:0,Z:0,D:0] TimerId=4412 expired after 5000 msec'],
  ['07:30:07.461', 'AppInfo', '[CTI-APP] [CTIHandler::OutputCtiMessage ] CTI ProviderOpenCompletedEvent (seq#=2) provider id=16777301 error code=2362179701 description=Directory login failed - timeout'],
  ['+07:30:07.461', 'AppInfo', 'CtiProviderOpenFailure - CTI application failed to open provider CTIconnectionId:212 Reason code.:-1932787595 App ID:Cisco CTIManager Cluster ID:StandAloneCluster Node ID:cucmpub'],
  ['+07:30:07.462', 'AppError', '[CTI-APP] [CTIHandler::processProviderOpenFailure] provider 16777301 open failed, error=0x8ccc0075, closing CTIConnectionId=212'],
  ['07:30:07.470', 'AppInfo', '[CTI-INFO] [CTIHandler::processConnectionClose] CTIConnectionId=212 closed, reason=ProviderOpenFailed'],
  ['07:31:15.002', 'SdlStat', 'Period: 6000ms #Processes: 34 SdlTimeQ: 0 SdlTimeQMax: 3 SdlHigh: 0/0 SdlNorm: 0/1 SdlLow: 0/0 SdlLowest: 0/0'],
  ['07:31:40.810', 'AppInfo', '[CTI-INFO] [CTIHandler::processIncomingMessage] CTIConnectionId=213 accepted connection from 10.20.5.40:51302 (TCP)'],
  ['07:31:40.812', 'SdlSig', 'CtiProviderOpenReq |ready |CTIHandler(1,200,8,213) |CTIHandler(1,200,8,213) |1,200,21,167.2^10.20.5.40^* |[T:N-H:0,N:0,L:0,V:0,Z:0,D:0] login=jtapiuser_ccx appId=AgentConnector heartbeat=30'],
  ['07:31:41.033', 'AppInfo', '[CTI-APP] [CTIHandler::OutputCtiMessage ] CTI ProviderOpenCompletedEvent (seq#=2) provider id=16777302 error code=0 description='],
  ['+07:31:41.033', 'AppInfo', 'CtiProviderOpenSuccess - CTI application opened provider CTIconnectionId:213 App ID:Cisco CTIManager Login User Id:jtapiuser_ccx IPAddress:10.20.5.40'],
  ['07:31:41.250', 'SdlSig', `CtiDeviceOpenDeviceReq |ready |CTIDeviceLineMgr(1,200,9,1) |CTIHandler(1,200,8,213) |${CTX_AGENT} |${RH} AsyncRequest=611 DeviceName=SEP0023AC7D11F2`],
  ['07:31:41.262', 'SdlSig-I', `CtiDeviceOpenDeviceRes |ready |CTIHandler(1,200,8,213) |CTIDeviceLineMgr(1,200,9,1) |${CTX_AGENT} |${RH} AsyncResponse=611 DH=1|144 Result=0x0`],
  ['+07:31:41.262', 'AppInfo', '[CTI-APP] [CTIHandler::OutputCtiMessage ] CTI DeviceOpenResponse ( seq#=3 result=0 deviceHandle=1|144 )'],
  ['07:31:41.270', 'SdlSig', `CtiLineOpenLineReq |ready |CTIDeviceLineMgr(1,200,9,1) |CTIHandler(1,200,8,213) |${CTX_AGENT} |${RH} AsyncRequest=612 DN=4101 Partition=PT_Internal`],
  ['07:31:41.281', 'SdlSig-I', `CtiLineOpenLineRes |ready |CTIHandler(1,200,8,213) |CTIDeviceLineMgr(1,200,9,1) |${CTX_AGENT} |${RH} AsyncResponse=612 LH=1|145 Result=0`],
  ['+07:31:41.281', 'AppInfo', '[CTI-APP] [CTIHandler::OutputCtiMessage ] CTI LineOpenResponse ( seq#=4 result=0 lineHandle=1|145 )'],
  ['07:33:10.004', 'AppInfo', '[CTI-INFO] [CTIHandler::processKeepAlive] CTIConnectionId=213 heartbeat received, next in 30 sec'],
  ['07:36:52.118', 'SdlSig', `CtiDeviceOpenDeviceReq |ready |CTIDeviceLineMgr(1,200,9,1) |CTIHandler(1,200,8,213) |${CTX_RP} |${RH} AsyncRequest=615 DeviceName=CTIRP_IVR_4500 MediaRegistration=dynamic`],
  ['07:36:52.140', 'SdlSig-I', `CtiDeviceOpenDeviceRes |ready |CTIHandler(1,200,8,213) |CTIDeviceLineMgr(1,200,9,1) |${CTX_RP} |${RH} AsyncResponse=615 DH=1|150 Result=0x0`],
  ['07:36:52.151', 'SdlSig-I', `CtiLineOpenLineRes |ready |CTIHandler(1,200,8,213) |CTIDeviceLineMgr(1,200,9,1) |${CTX_RP} |${RH} AsyncResponse=616 LH=1|151 Result=0`],
  ['07:40:55.390', 'AppInfo', '[CTI-INFO] [CTIHandler::processIncomingMessage] CTIConnectionId=214 accepted connection from 10.20.5.61:40022 (TLS)'],
  ['07:40:55.512', 'AppInfo', '[CTI-APP] [CTIHandler::OutputCtiMessage ] CTI ProviderOpenCompletedEvent (seq#=2) provider id=16777303 error code=0 description='],
  ['07:41:03.007', 'SdlSig', `CtiLineOpenLineReq |ready |CTIDeviceLineMgr(1,200,9,1) |CTIHandler(1,200,8,214) |${CTX_REC} |${RH} AsyncRequest=624 DN=4102 Partition=PT_Internal`],
  ['07:41:03.019', 'SdlSig-I', `CtiLineOpenLineRes |ready |CTIDeviceLineMgr(1,200,9,1) |CTIRegistrar(3,100,26,1) |${CTX_REC} |${RH} AsyncResponse=624 LH=1|146 Result=0x8ccc00d3`],
  ['+07:41:03.019', 'AppInfo', '[CTI-APP] [CTIHandler::OutputCtiMessage ] CTI FailureResponse ( seq#=7 result=2362179795 description=)'],
  ['07:41:03.520', 'SdlSig', `CtiLineOpenLineReq |ready |CTIDeviceLineMgr(1,200,9,1) |CTIHandler(1,200,8,214) |${CTX_REC} |${RH} AsyncRequest=625 DN=4102 Partition=PT_Internal retry=1`],
  ['07:41:03.531', 'AppError', '[CTI-APP] [CTIDeviceLineMgr::HandleLineOpenFailure] Result=0x8ccc00d3 - retry 1 of DN 4102 on SEPA1B2C3D4E5F6 failed, error=0x8ccc00d3 (Allow Control of Device from CTI unchecked)'],
  ['07:41:03.533', 'AppInfo', '[CTI-INFO] [CTIDeviceLineMgr::scheduleRetry] DN 4102 on SEPA1B2C3D4E5F6: no retry scheduled, result=0 pending=0'],
  ['07:45:00.001', 'SdlStat', 'Period: 6000ms #Processes: 35 SdlTimeQ: 0 SdlTimeQMax: 4 SdlHigh: 0/0 SdlNorm: 0/3 SdlLow: 0/0 SdlLowest: 0/0'],
  ['07:52:19.660', 'SdlSig', `CtiDeviceOpenDeviceReq |ready |CTIDeviceLineMgr(1,200,9,1) |CTIHandler(1,200,8,214) |${CTX_REC} |${RH} AsyncRequest=631 DeviceName=SEPA1B2C3D4E5F6`],
  ['07:52:19.671', 'SdlSig-I', `CtiDeviceOpenDeviceRes |ready |CTIHandler(1,200,8,214) |CTIDeviceLineMgr(1,200,9,1) |${CTX_REC} |${RH} AsyncResponse=631 DH=0|0 Result=0x8ccc00d2`],
  ['+07:52:19.671', 'AppInfo', '[CTI-APP] [CTIHandler::OutputCtiMessage ] CTI FailureResponse ( seq#=9 result=2362179794 description=)'],
  ['07:52:19.680', 'AppInfo', '[CTI-INFO] [CTIDeviceLineMgr::checkDeviceRestriction] SEPA1B2C3D4E5F6 is in the restricted list of application user jtapi_recorder'],
  ['07:58:41.201', 'SdlSig', `CtiNewCallNotify |ready |CTIHandler(1,200,8,213) |CTICallMgr(1,200,10,1) |${CTX_AGENT} |${RH} LH=1|145 GCH=(1,48211) CallingParty=5551234 CalledParty=4101 State=Offering`],
  ['07:58:41.205', 'SdlSig', `CtiCallStateChangedNotify |ready |CTIHandler(1,200,8,213) |CTICallMgr(1,200,10,1) |${CTX_AGENT} |${RH} LH=1|145 CH=1|48211 State=Alerting Reason=1`],
  ['07:58:44.902', 'SdlSig', `CtiCallStateChangedNotify |ready |CTIHandler(1,200,8,213) |CTICallMgr(1,200,10,1) |${CTX_AGENT} |${RH} LH=1|145 CH=1|48211 State=Idle Reason=1 CallId=2362179999`],
  ['07:58:45.317', 'SdlSig', `CtiLineCallAnswerReq |ready |CTICallMgr(1,200,10,1) |CTIHandler(1,200,8,213) |${CTX_AGENT} |${RH} AsyncRequest=640 CH=1|48211`],
  ['07:58:45.322', 'SdlSig-I', `CtiLineCallAnswerRes |ready |CTIHandler(1,200,8,213) |CTICallMgr(1,200,10,1) |${CTX_AGENT} |${RH} AsyncResponse=640 CH=1|48211 Result=0x8ccc0009`],
  ['+07:58:45.322', 'AppInfo', '[CTI-APP] [CTIHandler::OutputCtiMessage ] CTI FailureResponse ( seq#=21 result=2362179593 description=Illegal call state)'],
  ['08:00:00.002', 'SdlStat', 'Period: 6000ms #Processes: 35 SdlTimeQ: 0 SdlTimeQMax: 4 SdlHigh: 0/0 SdlNorm: 0/2 SdlLow: 0/0 SdlLowest: 0/0'],
  ['08:03:12.440', 'SdlSig', `CtiNewCallNotify |ready |CTIHandler(1,200,8,213) |CTICallMgr(1,200,10,1) |${CTX_RP} |${RH} LH=1|151 GCH=(1,48230) CallingParty=5559876 CalledParty=4500 State=Offering`],
  ['08:03:12.446', 'SdlSig', `CtiLineCallAcceptReq |ready |CTICallMgr(1,200,10,1) |CTIHandler(1,200,8,213) |${CTX_RP} |${RH} AsyncRequest=652 CH=1|48230`],
  ['08:03:12.451', 'SdlSig-I', `CtiLineCallAcceptRes |ready |CTIHandler(1,200,8,213) |CTICallMgr(1,200,10,1) |${CTX_RP} |${RH} AsyncResponse=652 CH=1|48230 Result=0`],
  ['08:03:15.019', 'SdlSig', `CtiLineCallRedirectReq |ready |CTICallMgr(1,200,10,1) |CTIHandler(1,200,8,213) |${CTX_RP} |${RH} AsyncRequest=655 CH=1|48230 Destination=94190 PreferredOriginalCalledParty=4500`],
  ['08:03:15.046', 'SdlSig-I', `CtiLineCallRedirectRes |ready |CTIHandler(1,200,8,213) |CTICallMgr(1,200,10,1) |${CTX_RP} |${RH} AsyncResponse=655 CH=1|48230 Result=0x8CCC0034`],
  ['+08:03:15.046', 'AppInfo', '[CTI-APP] [CTIHandler::OutputCtiMessage ] CTI FailureResponse ( seq#=31 result=2362179636 description=)'],
  ['08:03:15.102', 'SdlSig', `CtiLineCallRedirectReq |ready |CTICallMgr(1,200,10,1) |CTIHandler(1,200,8,213) |${CTX_RP} |${RH} AsyncRequest=656 CH=1|48230 Destination=4190 PreferredOriginalCalledParty=4500`],
  ['08:03:15.131', 'SdlSig-I', `CtiLineCallRedirectRes |ready |CTIHandler(1,200,8,213) |CTICallMgr(1,200,10,1) |${CTX_RP} |${RH} AsyncResponse=656 CH=1|48230 Result=0`],
  ['08:03:15.133', 'AppInfo', '[CTI-APP] [CTIHandler::OutputCtiMessage ] CTI RedirectResponse ( seq#=32 result=0 )'],
  ['08:06:30.004', 'AppInfo', '[CTI-INFO] [CTIHandler::processKeepAlive] CTIConnectionId=213 heartbeat received, next in 30 sec'],
  ['08:09:47.553', 'AppInfo', '[CTI-INFO] [CTIHandler::processIncomingMessage] CTIConnectionId=215 accepted connection from 10.30.7.23:53011 (TLS)'],
  ['08:09:47.790', 'AppInfo', '[CTI-APP] [CTIHandler::OutputCtiMessage ] CTI ProviderOpenCompletedEvent (seq#=2) provider id=16777305 error code=0 description='],
  ['08:09:48.010', 'SdlSig', `CtiDeviceOpenDeviceReq |ready |CTIDeviceLineMgr(1,200,9,1) |CTIHandler(1,200,8,215) |${CTX_CSF} |${RH} AsyncRequest=12 DeviceName=SEP00AA11BB22CC`],
  ['08:09:48.019', 'AppInfo', '[CTI-APP] [CTIDeviceLineMgr::processDeviceOpen] device SEP00AA11BB22CC unregistered, deferring open ReasonCode:-1932787686 (CTIERR_DEVICE_NOT_OPEN)'],
  ['08:09:48.020', 'SdlSig-I', `CtiDeviceOpenDeviceRes |ready |CTIHandler(1,200,8,215) |CTIDeviceLineMgr(1,200,9,1) |${CTX_CSF} |${RH} AsyncResponse=12 DH=1|160 Result=0x0`],
  ['08:10:02.664', 'SdlSig', `CtiDeviceRegisteredNotify |ready |CTIHandler(1,200,8,215) |CTIDeviceLineMgr(1,200,9,1) |${CTX_CSF} |${RH} DH=1|160 DeviceName=SEP00AA11BB22CC IPAddr=10.30.7.31`],
  ['08:12:00.003', 'SdlStat', 'Period: 6000ms #Processes: 36 SdlTimeQ: 0 SdlTimeQMax: 4 SdlHigh: 0/0 SdlNorm: 0/2 SdlLow: 0/0 SdlLowest: 0/0'],
  ['08:14:27.640', 'SdlSig', `CtiDeviceOpenDeviceReq |ready |CTIDeviceLineMgr(1,200,9,1) |CTIHandler(1,200,8,215) |${CTX_CSF} |${RH} AsyncRequest=14 DeviceName=SEPA1B2C3D4E5F6`],
  ['08:14:27.652', 'SdlSig-I', `CtiDeviceOpenDeviceRes |ready |CTIHandler(1,200,8,215) |CTIDeviceLineMgr(1,200,9,1) |${CTX_CSF} |${RH} AsyncResponse=14 DH=0|0 Result=0x0 Restricted=false Pending=true`],
  ['08:14:27.655', 'AppInfo', '[CTI-INFO] [CTIHandler::processUnmappedResult] CTIConnectionId=215 result not in the CTI table, error=0x8ccc0299, passing through'],
  ['08:14:27.899', 'AppInfo', '[CTI-APP] [CTIHandler::OutputCtiMessage ] CTI DeviceOpenResponse ( seq#=4 result=0 deviceHandle=1|161 )'],
  ['08:15:30.004', 'AppInfo', '[CTI-INFO] [CTIHandler::processKeepAlive] CTIConnectionId=215 heartbeat received, next in 30 sec'],
  ['08:18:00.002', 'SdlStat', 'Period: 6000ms #Processes: 36 SdlTimeQ: 0 SdlTimeQMax: 4 SdlHigh: 0/0 SdlNorm: 0/1 SdlLow: 0/0 SdlLowest: 0/0'],
  ['08:19:58.771', 'AppInfo', '[CTI-INFO] [CTIHandler::processConnectionClose] CTIConnectionId=215 closed by client 10.30.7.23, reason=ApplicationClose'],
  ['08:19:59.990', 'AppInfo', '[CTI-INFO] [TraceMgr::rollover] SDL001_200_000412.txt reached its size limit, continuing in SDL001_200_000413.txt'],
]);

const sdl413 = sdlLines(413, fileHead('23:50:00.031', '2026/03/14', 413), [
  ['23:50:00.052', 'SdlStat', 'Period: 6000ms #Processes: 36 SdlTimeQ: 0 SdlTimeQMax: 5 SdlHigh: 0/0 SdlNorm: 0/1 SdlLow: 0/0 SdlLowest: 0/0'],
  ['23:50:30.004', 'AppInfo', '[CTI-INFO] [CTIHandler::processKeepAlive] CTIConnectionId=213 heartbeat received, next in 30 sec'],
  ['23:51:00.006', 'AppInfo', '[CTI-INFO] [CTIHandler::processKeepAlive] CTIConnectionId=214 heartbeat received, next in 30 sec'],
  ['23:51:05.006', 'SdlSig', `CtiNewCallNotify |ready |CTIHandler(1,200,8,213) |CTICallMgr(1,200,10,1) |${CTX_RP} |${RH} LH=1|151 GCH=(1,48990) CallingParty=5553030 CalledParty=4500 State=Offering`],
  ['23:51:05.012', 'SdlSig', `CtiLineCallAcceptReq |ready |CTICallMgr(1,200,10,1) |CTIHandler(1,200,8,213) |${CTX_RP} |${RH} AsyncRequest=880 CH=1|48990`],
  ['23:51:05.017', 'SdlSig-I', `CtiLineCallAcceptRes |ready |CTIHandler(1,200,8,213) |CTICallMgr(1,200,10,1) |${CTX_RP} |${RH} AsyncResponse=880 CH=1|48990 Result=0`],
  ['23:51:05.402', 'SdlSig', `CtiCallStateChangedNotify |ready |CTIHandler(1,200,8,213) |CTICallMgr(1,200,10,1) |${CTX_RP} |${RH} LH=1|151 CH=1|48990 State=Accepted Reason=1`],
  ['23:51:08.118', 'SdlSig', `CtiLineCallRedirectReq |ready |CTICallMgr(1,200,10,1) |CTIHandler(1,200,8,213) |${CTX_RP} |${RH} AsyncRequest=881 CH=1|48990 Destination=4101 PreferredOriginalCalledParty=4500`],
  ['23:51:08.139', 'SdlSig-I', `CtiLineCallRedirectRes |ready |CTIHandler(1,200,8,213) |CTICallMgr(1,200,10,1) |${CTX_RP} |${RH} AsyncResponse=881 CH=1|48990 Result=0`],
  ['+23:51:08.139', 'AppInfo', '[CTI-APP] [CTIHandler::OutputCtiMessage ] CTI RedirectResponse ( seq#=115 result=0 )'],
  ['23:51:08.150', 'SdlSig', `CtiNewCallNotify |ready |CTIHandler(1,200,8,213) |CTICallMgr(1,200,10,1) |${CTX_AGENT} |${RH} LH=1|145 GCH=(1,48990) CallingParty=5553030 CalledParty=4101 State=Offering`],
  ['23:51:11.260', 'SdlSig', `CtiLineCallAnswerReq |ready |CTICallMgr(1,200,10,1) |CTIHandler(1,200,8,213) |${CTX_AGENT} |${RH} AsyncRequest=882 CH=1|48991`],
  ['23:51:11.268', 'SdlSig-I', `CtiLineCallAnswerRes |ready |CTIHandler(1,200,8,213) |CTICallMgr(1,200,10,1) |${CTX_AGENT} |${RH} AsyncResponse=882 CH=1|48991 Result=0`],
  ['+23:51:11.268', 'AppInfo', '[CTI-APP] [CTIHandler::OutputCtiMessage ] CTI AnswerCallResponse ( seq#=116 result=0 )'],
  ['23:51:11.301', 'SdlSig', `CtiCallStateChangedNotify |ready |CTIHandler(1,200,8,213) |CTICallMgr(1,200,10,1) |${CTX_AGENT} |${RH} LH=1|145 CH=1|48991 State=Connected Reason=1`],
  ['23:51:30.004', 'AppInfo', '[CTI-INFO] [CTIHandler::processKeepAlive] CTIConnectionId=213 heartbeat received, next in 30 sec'],
  ['23:51:58.990', 'SdlSig', `CtiCallStateChangedNotify |ready |CTIHandler(1,200,8,213) |CTICallMgr(1,200,10,1) |${CTX_AGENT} |${RH} LH=1|145 CH=1|48991 State=Idle Reason=1`],
  ['23:52:00.002', 'SdlStat', 'Period: 6000ms #Processes: 36 SdlTimeQ: 0 SdlTimeQMax: 5 SdlHigh: 0/0 SdlNorm: 0/2 SdlLow: 0/0 SdlLowest: 0/0'],
  ['23:52:14.580', 'AppInfo', '[CTI-INFO] [CTIRegistrar::processCcmLinkDown] link to CallManager node 2 (10.20.1.12) down, starting failover of 4 devices'],
  ['23:52:14.588', 'AppError', '[CTI-APP] [CTIRegistrar::processCcmLinkDown] CallManager node 2 unavailable Reason:-1932787689 pending requests will be failed'],
  ['23:52:14.601', 'SdlSig', `CtiLineCallMakeReq |ready |CTICallMgr(1,200,10,1) |CTIHandler(1,200,8,213) |${CTX_AGENT} |${RH} AsyncRequest=901 LH=1|145 Destination=4190`],
  ['23:52:14.603', 'SdlSig-I', `CtiLineCallMakeRes |ready |CTIHandler(1,200,8,213) |CTICallMgr(1,200,10,1) |${CTX_AGENT} |${RH} AsyncResponse=901 LH=1|145 Result=0x8ccc0017`],
  ['23:52:14.700', 'SdlSig', `CtiDeviceOutOfServiceNotify |ready |CTIHandler(1,200,8,213) |CTIDeviceLineMgr(1,200,9,1) |${CTX_AGENT} |${RH} DH=1|144 Reason=CcmDown`],
  ['23:52:14.702', 'SdlSig', `CtiLineOutOfServiceNotify |ready |CTIHandler(1,200,8,213) |CTIDeviceLineMgr(1,200,9,1) |${CTX_AGENT} |${RH} LH=1|145`],
  ['23:52:19.350', 'SdlSig', `CtiDeviceInServiceNotify |ready |CTIHandler(1,200,8,213) |CTIDeviceLineMgr(1,200,9,1) |${CTX_AGENT} |${RH} DH=1|144 Node=cucmpub`],
  ['23:52:19.352', 'SdlSig', `CtiLineInServiceNotify |ready |CTIHandler(1,200,8,213) |CTIDeviceLineMgr(1,200,9,1) |${CTX_AGENT} |${RH} LH=1|145`],
  ['23:54:00.003', 'SdlStat', 'Period: 6000ms #Processes: 36 SdlTimeQ: 0 SdlTimeQMax: 5 SdlHigh: 0/0 SdlNorm: 0/4 SdlLow: 0/0 SdlLowest: 0/0'],
  ['23:55:41.210', 'SdlSig', `CtiLineCallMakeReq |ready |CTICallMgr(1,200,10,1) |CTIHandler(1,200,8,213) |${CTX_AGENT} |${RH} AsyncRequest=904 LH=1|145 Destination=4190`],
  ['23:55:41.233', 'SdlSig-I', `CtiLineCallMakeRes |ready |CTIHandler(1,200,8,213) |CTICallMgr(1,200,10,1) |${CTX_AGENT} |${RH} AsyncResponse=904 LH=1|145 CH=1|49002 Result=0`],
  ['+23:55:41.233', 'AppInfo', '[CTI-APP] [CTIHandler::OutputCtiMessage ] CTI MakeCallResponse ( seq#=117 result=0 callHandle=1|49002 )'],
  ['23:56:02.915', 'SdlSig', `CtiCallStateChangedNotify |ready |CTIHandler(1,200,8,213) |CTICallMgr(1,200,10,1) |${CTX_AGENT} |${RH} LH=1|145 CH=1|49002 State=Idle Reason=1`],
  ['23:57:30.004', 'AppInfo', '[CTI-INFO] [CTIHandler::processKeepAlive] CTIConnectionId=213 heartbeat received, next in 30 sec'],
  ['23:58:12.340', 'AppInfo', '[CTI-INFO] [CTIHandler::processConnectionClose] CTIConnectionId=214 closed by client 10.20.5.61, reason=SocketBroken'],
  ['23:58:12.344', 'AppInfo', '[CTI-INFO] [CTIHandler::cleanupProvider] provider id=16777303 released 1 devices, 0 lines'],
  ['23:59:59.990', 'SdlSig', `CtiLineSetCallForwardReq |ready |CTIDeviceLineMgr(1,200,9,1) |CTIHandler(1,200,8,214) |${CTX_REC} |${RH} AsyncRequest=77 LH=1|146 CfwdAll=4199`],
  ['23:59:59.998', 'AppInfo', '[CTI-APP] [CTIHandler::OutputCtiMessage ] CTI FailureResponse ( seq#=118 result=2362179681 description=)'],
  ['00:00:00.001', 'AppError', '[CTI-APP] [CTIHandler::processRequest] request from closed connection 214 rejected, ReasonCode:-1932787615 provider id=16777303'],
  ['00:00:00.052', 'SdlStat', 'Period: 6000ms #Processes: 35 SdlTimeQ: 0 SdlTimeQMax: 5 SdlHigh: 0/0 SdlNorm: 0/2 SdlLow: 0/0 SdlLowest: 0/0'],
  ['00:00:30.004', 'AppInfo', '[CTI-INFO] [CTIHandler::processKeepAlive] CTIConnectionId=213 heartbeat received, next in 30 sec'],
  ['00:01:05.118', 'AppInfo', '[CTI-INFO] [CTIHandler::processIncomingMessage] CTIConnectionId=216 accepted connection from 10.20.5.61:40388 (TLS)'],
  ['00:01:05.121', 'SdlSig', 'CtiProviderOpenReq |ready |CTIHandler(1,200,8,216) |CTIHandler(1,200,8,216) |1,200,21,168.3^10.20.5.61^* |[T:N-H:0,N:0,L:0,V:0,Z:0,D:0] login=jtapi_recorder appId=RecorderConnector heartbeat=30'],
  ['00:01:05.402', 'AppInfo', '[CTI-APP] [CTIHandler::OutputCtiMessage ] CTI ProviderOpenCompletedEvent (seq#=2) provider id=16777306 error code=2362179680 description=Directory login failed'],
  ['+00:01:05.402', 'AppInfo', 'CtiProviderOpenFailure - CTI application failed to open provider CTIconnectionId:216 Reason code.:-1932787616 App ID:Cisco CTIManager Cluster ID:StandAloneCluster Node ID:cucmpub'],
  ['00:01:05.410', 'AppInfo', '[CTI-INFO] [CTIHandler::processConnectionClose] CTIConnectionId=216 closed, reason=ProviderOpenFailed'],
  ['00:01:35.880', 'AppInfo', '[CTI-INFO] [CTIHandler::processIncomingMessage] CTIConnectionId=217 accepted connection from 10.20.5.61:40390 (TLS)'],
  ['00:01:36.101', 'AppInfo', '[CTI-APP] [CTIHandler::OutputCtiMessage ] CTI ProviderOpenCompletedEvent (seq#=2) provider id=16777307 error code=2362179701 description=Directory login failed - timeout'],
  ['00:01:36.109', 'AppInfo', '[CTI-INFO] [CTIHandler::processConnectionClose] CTIConnectionId=217 closed, reason=ProviderOpenFailed'],
  ['00:02:10.430', 'AppInfo', '[CTI-INFO] [CTIHandler::processIncomingMessage] CTIConnectionId=218 accepted connection from 10.20.5.61:40392 (TLS)'],
  ['00:02:10.688', 'AppInfo', '[CTI-APP] [CTIHandler::OutputCtiMessage ] CTI ProviderOpenCompletedEvent (seq#=2) provider id=16777308 error code=0 description='],
  ['+00:02:10.688', 'AppInfo', 'CtiProviderOpenSuccess - CTI application opened provider CTIconnectionId:218 App ID:Cisco CTIManager Login User Id:jtapi_recorder IPAddress:10.20.5.61'],
  ['00:03:01.775', 'SdlSig', `CtiLineCallHoldReq |ready |CTICallMgr(1,200,10,1) |CTIHandler(1,200,8,213) |${CTX_AGENT} |${RH} AsyncRequest=910 CH=1|49002`],
  ['00:03:01.781', 'SdlSig-I', `CtiLineCallHoldRes |ready |CTIHandler(1,200,8,213) |CTICallMgr(1,200,10,1) |${CTX_AGENT} |${RH} AsyncResponse=910 CH=1|49002 Result=0x8CCC0009`],
  ['00:03:02.004', 'AppInfo', '[CTI-INFO] [CTICallMgr::purgeCall] CH=1|49002 already idle, request dropped Reason:-19327877030 (counter overflow, ignored)'],
  ['00:03:30.004', 'AppInfo', '[CTI-INFO] [CTIHandler::processKeepAlive] CTIConnectionId=218 heartbeat received, next in 30 sec'],
  ['00:03:40.551', 'SdlSig', `CtiDeviceOpenDeviceReq |ready |CTIDeviceLineMgr(1,200,9,1) |CTIHandler(1,200,8,218) |${CTX_REC} |${RH} AsyncRequest=3 DeviceName=SEP0023AC7D11F2`],
  ['00:03:40.562', 'SdlSig-I', `CtiDeviceOpenDeviceRes |ready |CTIHandler(1,200,8,218) |CTIDeviceLineMgr(1,200,9,1) |${CTX_REC} |${RH} AsyncResponse=3 DH=1|180 Result=0x0`],
  ['00:03:40.570', 'SdlSig-I', `CtiLineOpenLineRes |ready |CTIHandler(1,200,8,218) |CTIDeviceLineMgr(1,200,9,1) |${CTX_REC} |${RH} AsyncResponse=4 LH=1|181 Result=0`],
  ['+00:03:40.570', 'AppInfo', '[CTI-APP] [CTIHandler::OutputCtiMessage ] CTI LineOpenResponse ( seq#=4 result=0 lineHandle=1|181 )'],
  ['00:03:41.002', 'AppInfo', '[CTI-INFO] [CTIDeviceLineMgr::setMonitoring] recording profile RP_Recorder applied to LH=1|181 (automatic)'],
  ['00:04:00.002', 'SdlStat', 'Period: 6000ms #Processes: 35 SdlTimeQ: 0 SdlTimeQMax: 5 SdlHigh: 0/0 SdlNorm: 0/1 SdlLow: 0/0 SdlLowest: 0/0'],
  ['00:05:30.004', 'AppInfo', '[CTI-INFO] [CTIHandler::processKeepAlive] CTIConnectionId=213 heartbeat received, next in 30 sec'],
  ['00:05:41.198', 'AppInfo', '[CTI-INFO] [TraceMgr::rollover] SDL001_200_000413.txt reached its size limit, continuing in SDL001_200_000414.txt'],
]);

const sdl414 = sdlLines(414, fileHead('00:05:41.220', '2026/03/15', 414), [
  ['00:05:41.231', 'SdlStat', 'Period: 6000ms #Processes: 35 SdlTimeQ: 0 SdlTimeQMax: 5 SdlHigh: 0/0 SdlNorm: 0/1 SdlLow: 0/0 SdlLowest: 0/0'],
  ['00:06:00.004', 'AppInfo', '[CTI-INFO] [CTIHandler::processKeepAlive] CTIConnectionId=218 heartbeat received, next in 30 sec'],
  ['00:12:00.003', 'SdlStat', 'Period: 6000ms #Processes: 35 SdlTimeQ: 0 SdlTimeQMax: 5 SdlHigh: 0/0 SdlNorm: 0/0 SdlLow: 0/0 SdlLowest: 0/0'],
  ['00:18:00.002', 'SdlStat', 'Period: 6000ms #Processes: 35 SdlTimeQ: 0 SdlTimeQMax: 5 SdlHigh: 0/0 SdlNorm: 0/0 SdlLow: 0/0 SdlLowest: 0/0'],
  ['00:30:00.004', 'AppInfo', '[CTI-INFO] [CTIHandler::processKeepAlive] CTIConnectionId=213 heartbeat received, next in 30 sec'],
  ['01:00:00.010', 'AppInfo', '[CTI-INFO] [CTIManager::dumpStats] providers=2 devices=3 lines=3 calls=0 pendingRequests=0'],
  ['02:00:00.011', 'AppInfo', '[CTI-INFO] [CTIDBChangeNotify::processChange] table device changed: SEP0023AC7D11F2 (pkid 8f2e1a40-55c1-4c1e-9d7a-1b2c3d4e5f60)'],
  ['02:00:00.190', 'SdlSig', `CtiDeviceChangedNotify |ready |CTIHandler(1,200,8,213) |CTIDeviceLineMgr(1,200,9,1) |${CTX_AGENT} |${RH} DH=1|144 Change=Configuration`],
  ['02:00:00.205', 'AppInfo', '[CTI-INFO] [CTIDeviceLineMgr::processDeviceChange] SEP0023AC7D11F2 reconfigured, lines unchanged'],
  ['03:00:00.010', 'AppInfo', '[CTI-INFO] [CTIManager::dumpStats] providers=2 devices=3 lines=3 calls=0 pendingRequests=0'],
  ['04:00:00.010', 'AppInfo', '[CTI-INFO] [CTIManager::dumpStats] providers=2 devices=3 lines=3 calls=0 pendingRequests=0'],
  ['05:00:00.010', 'AppInfo', '[CTI-INFO] [CTIManager::dumpStats] providers=2 devices=3 lines=3 calls=0 pendingRequests=0'],
  ['06:00:00.010', 'AppInfo', '[CTI-INFO] [CTIManager::dumpStats] providers=2 devices=3 lines=3 calls=0 pendingRequests=0'],
  ['06:12:44.300', 'SdlSig', `CtiDeviceInServiceNotify |ready |CTIHandler(1,200,8,213) |CTIDeviceLineMgr(1,200,9,1) |${CTX_AGENT} |${RH} DH=1|144 Node=cucmpub`],
  ['06:30:00.002', 'SdlStat', 'Period: 6000ms #Processes: 35 SdlTimeQ: 0 SdlTimeQMax: 5 SdlHigh: 0/0 SdlNorm: 0/1 SdlLow: 0/0 SdlLowest: 0/0'],
  ['06:58:03.540', 'SdlSig', `CtiNewCallNotify |ready |CTIHandler(1,200,8,213) |CTICallMgr(1,200,10,1) |${CTX_AGENT} |${RH} LH=1|145 GCH=(1,51007) CallingParty=5554321 CalledParty=4101 State=Offering`],
  ['06:58:05.112', 'SdlSig', `CtiLineCallAnswerReq |ready |CTICallMgr(1,200,10,1) |CTIHandler(1,200,8,213) |${CTX_AGENT} |${RH} AsyncRequest=1002 CH=1|51007`],
  ['06:58:05.120', 'SdlSig-I', `CtiLineCallAnswerRes |ready |CTIHandler(1,200,8,213) |CTICallMgr(1,200,10,1) |${CTX_AGENT} |${RH} AsyncResponse=1002 CH=1|51007 Result=0`],
  ['+06:58:05.120', 'AppInfo', '[CTI-APP] [CTIHandler::OutputCtiMessage ] CTI AnswerCallResponse ( seq#=201 result=0 )'],
  ['06:58:30.876', 'SdlSig', `CtiCallStateChangedNotify |ready |CTIHandler(1,200,8,213) |CTICallMgr(1,200,10,1) |${CTX_AGENT} |${RH} LH=1|145 CH=1|51007 State=Connected Reason=1`],
  ['06:59:12.300', 'SdlSig', `CtiLineCallConferenceReq |ready |CTICallMgr(1,200,10,1) |CTIHandler(1,200,8,213) |${CTX_AGENT} |${RH} AsyncRequest=1005 CH=1|51007 ConsultCH=1|51009 Participants=5`],
  ['06:59:12.318', 'SdlSig-I', `CtiLineCallConferenceRes |ready |CTIHandler(1,200,8,213) |CTICallMgr(1,200,10,1) |${CTX_AGENT} |${RH} AsyncResponse=1005 CH=1|51007 Result=0x8ccc0046`],
  ['06:59:12.333', 'AppInfo', '[CTI-INFO] [CTICallMgr::processConferenceFailure] CH=1|51007 conference bridge CFB_2 has no free port, maximum participants 4'],
  ['07:00:00.002', 'SdlStat', 'Period: 6000ms #Processes: 35 SdlTimeQ: 0 SdlTimeQMax: 5 SdlHigh: 0/0 SdlNorm: 0/2 SdlLow: 0/0 SdlLowest: 0/0'],
  ['07:04:19.205', 'AppInfo', '[CTI-INFO] [CTIHandler::processIncomingMessage] CTIConnectionId=219 accepted connection from 10.30.7.23:53190 (TLS)'],
  ['07:04:19.450', 'AppInfo', '[CTI-APP] [CTIHandler::OutputCtiMessage ] CTI ProviderOpenCompletedEvent (seq#=2) provider id=16777309 error code=0 description='],
  ['07:04:19.611', 'SdlSig', `CtiDeviceOpenDeviceReq |ready |CTIDeviceLineMgr(1,200,9,1) |CTIHandler(1,200,8,219) |${CTX_CSF} |${RH} AsyncRequest=3 DeviceName=SEPA1B2C3D4E5F6`],
  ['07:04:19.620', 'AppInfo', '[CTI-APP] [CTIHandler::OutputCtiMessage ] CTI FailureResponse ( seq#=3 result=2362179794 description=)'],
  ['07:04:19.700', 'SdlSig', `CtiLineOpenLineReq |ready |CTIDeviceLineMgr(1,200,9,1) |CTIHandler(1,200,8,219) |${CTX_CSF} |${RH} AsyncRequest=4 DN=4102 Partition=PT_Internal`],
  ['07:04:19.709', 'AppError', '[CTI-APP] [CTIDeviceLineMgr::HandleLineOpenFailure] DN 4102 on SEPA1B2C3D4E5F6 not opened, error=0x8CCC00D3'],
  ['07:04:19.712', 'AppInfo', '[CTI-APP] [CTIHandler::OutputCtiMessage ] CTI LineOpenResponse ( seq#=5 result=0 lineHandle=1|171 )'],
  ['07:05:00.004', 'AppInfo', '[CTI-INFO] [CTIHandler::processKeepAlive] CTIConnectionId=219 heartbeat received, next in 30 sec'],
  ['07:06:00.002', 'SdlStat', 'Period: 6000ms #Processes: 36 SdlTimeQ: 0 SdlTimeQMax: 5 SdlHigh: 0/0 SdlNorm: 0/1 SdlLow: 0/0 SdlLowest: 0/0'],
  ['07:06:41.019', 'SdlSig', `CtiCallStateChangedNotify |ready |CTIHandler(1,200,8,213) |CTICallMgr(1,200,10,1) |${CTX_AGENT} |${RH} LH=1|145 CH=1|51007 State=Idle Reason=1`],
  ['07:07:30.004', 'AppInfo', '[CTI-INFO] [CTIHandler::processKeepAlive] CTIConnectionId=213 heartbeat received, next in 30 sec'],
]);

// ---------------------------------------------------------------------------------------------
// Cisco JTAPI client log
// ---------------------------------------------------------------------------------------------
function jtapiLines(startCounter, entries) {
  // entries: [time, '%FACILITY-SUB-sev-MNEMONIC', text, continuationLines?]
  const lines = [];
  let counter = startCounter;
  for (const [time, tag, text, cont = []] of entries) {
    lines.push(`${counter}: Mar 14 ${time} PST ${tag}:${text}`);
    lines.push(...cont);
    counter += 1;
  }
  return lines;
}

const P1 = '(P1-10.20.1.11)';
const jtapiAll = jtapiLines(9360, [
  ['07:08:52.412', '%JTAPI-JTAPI-7-UNK', '[main]JTAPI version: Cisco Jtapi version 14.0(1) Release'],
  ['07:08:52.415', '%JTAPI-JTAPIIMPL-7-UNK', `${P1} Provider opening, login=jtapiuser_ccx appinfo=AgentConnector`],
  ['07:08:52.420', '%JTAPI-CTIIMPL-7-UNK', `${P1} CtiProvider: connecting to CTIManager 10.20.1.11:2748`],
  ['07:08:52.611', '%JTAPI-PROTOCOL-7-UNK', `${P1} sending: com.cisco.cti.protocol.ProviderOpenRequest {`, [
    'sequenceNumber = 16',
    'provider = 10.20.1.11',
    'qbeClientVersion = Cisco JTAPI 14.0(1) Release',
    'login = com.cisco.cti.protocol.UnicodeString {',
    '  unicodedisplayName = jtapiuser_ccx',
    '  }',
    'applicationID = AgentConnector',
    'desiredServerHeartbeatTime = 30',
    '}',
  ]],
  ['07:08:52.640', '%JTAPI-PROTOCOL-7-UNK', `${P1} received Response: com.cisco.cti.protocol.ProviderOpenResponse {`, [
    'sequenceNumber = 16',
    'providerInfoString = 14.0.1.12900',
    'clientHeartbeat = 30',
    'serverHeartbeat = 30',
    '}',
  ]],
  ['07:08:57.655', '%JTAPI-PROTOCOL-7-UNK', `${P1} received Event: com.cisco.cti.protocol.ProviderOpenCompletedEvent {`, [
    'eventSequence = 209',
    'reason = -1932787595',
    'sequenceNumber = 16',
    '}',
  ]],
  ['07:08:57.660', '%JTAPI-JTAPIIMPL-7-UNK', `${P1} Provider open failed, will retry in 5000 ms`],
  ['07:09:02.661', '%JTAPI-JTAPIIMPL-7-UNK', `${P1} Provider opening, login=jtapiuser_ccx appinfo=AgentConnector (attempt 2)`],
  ['07:09:02.702', '%JTAPI-PROTOCOL-7-UNK', `${P1} sending: com.cisco.cti.protocol.ProviderOpenRequest {`, [
    'sequenceNumber = 17',
    'provider = 10.20.1.11',
    'applicationID = AgentConnector',
    '}',
  ]],
  ['07:09:02.733', '%JTAPI-PROTOCOL-7-UNK', `${P1} received Response: com.cisco.cti.protocol.ProviderOpenResponse {`, [
    'sequenceNumber = 17',
    '}',
  ]],
  ['07:09:02.910', '%JTAPI-JTAPIIMPL-7-UNK', `${P1} waiting for ProviderOpenCompletedEvent`],
  ['07:09:03.118', '%JTAPI-CTIIMPL-7-UNK', `${P1} CtiProvider: heartbeat timer started (30 sec)`],
  // Counter 9372 at 07:09:03.121, the shape of FORMATS.md's example.
  ['07:09:03.121', '%JTAPI-PROTOCOL-7-UNK', `${P1} received Event: com.cisco.cti.protocol.ProviderOpenCompletedEvent {`, [
    'eventSequence = 211',
    'reason = -1932787425',
    'sequenceNumber = 17',
    '}',
  ]],
  ['07:09:03.125', '%JTAPI-JTAPIIMPL-7-UNK', `${P1} Provider open failed: account locked, operator action needed`],
  ['07:31:40.802', '%JTAPI-JTAPIIMPL-7-UNK', `${P1} Provider opening, login=jtapiuser_ccx appinfo=AgentConnector (attempt 3)`],
  ['07:31:41.036', '%JTAPI-PROTOCOL-7-UNK', `${P1} received Event: com.cisco.cti.protocol.ProviderOpenCompletedEvent {`, [
    'eventSequence = 215',
    'reason = 0',
    'sequenceNumber = 18',
    '}',
  ]],
  ['07:31:41.040', '%JTAPI-JTAPIIMPL-7-UNK', `${P1} Provider is IN_SERVICE`],
  ['07:58:41.209', '%JTAPI-JTAPIIMPL-7-UNK', `${P1}[(P1-jtapiuser_ccx) GCID=(1,48211)->ALERTING]Connection 4101 SEP0023AC7D11F2`],
  ['07:58:45.325', '%JTAPI-PROTOCOL-7-UNK', `${P1} received Response: com.cisco.cti.protocol.FailureResponse {`, [
    'sequenceNumber = 44',
    'result = -1932787703',
    'description = ',
    '}',
  ]],
  ['07:58:45.331', '%JTAPI-JTAPI-7-UNK', '[AgentWorker-3]answer() on 4101 failed: com.cisco.jtapi.InvalidStateExceptionImpl: CiscoJtapiException: CTIERR_ILLEGAL_CALLSTATE Could not meet post conditions of answer()'],
  ['07:58:45.340', '%JTAPI-JTAPI-7-UNK', '[AgentWorker-3]agent 4101 state XCONFERENCE_FULL -> READY'],
  ['08:03:15.050', '%JTAPI-JTAPI-7-UNK', '[IVRWorker-1]redirect(94190) failed, retrying 4190; TSP bridge returned LINEERR_INVALCALLHANDLE 0x80000018'],
  ['08:20:33.118', '%JTAPI-JTAPI-7-UNK', '[AgentWorker-2]transfer(4190) on SEP0023AC7D11F2 failed: CiscoJtapiException: CTIERR_TRANSFERFAILED_DESTINATION_BUSY'],
  ['08:25:10.402', '%JTAPI-JTAPI-7-UNK', '[AgentWorker-2]conference() on 4101 failed: com.cisco.jtapi.PlatformExceptionImpl: CTIERR_CONFERENCE_FULL errorcode=-1932787642'],
  ['08:25:10.405', '%JTAPI-JTAPI-7-UNK', '[AgentWorker-2]CiscoJtapiException.getErrorName() = CONFERENCE_FULL, escalating to supervisor'],
  ['08:31:02.770', '%JTAPI-JTAPI-7-UNK', '[AgentWorker-4]vendor plugin error: CTIERR_NOT_IN_ANY_TABLE (plugin=WrapUpSync 2.1)'],
  ['08:31:30.004', '%JTAPI-CTIIMPL-7-UNK', `${P1} heartbeat sent, sequenceNumber = 61`],
]);
if (!jtapiAll.includes(`9372: Mar 14 07:09:03.121 PST %JTAPI-PROTOCOL-7-UNK:${P1} received Event: com.cisco.cti.protocol.ProviderOpenCompletedEvent {`)) {
  throw new Error('JTAPI counter 9372 moved: keep it on the 07:09:03.121 event');
}

// ---------------------------------------------------------------------------------------------
// Jabber / CSF log
// ---------------------------------------------------------------------------------------------
const jabber = [
  '2026-03-14 08:09:46,901 INFO  [0x00002570] [ces\\deskphone\\DeskPhoneProvider.cpp(210)] [csf.ecc] [csf::ecc::DeskPhoneProvider::connect] - Connecting to CTI server 10.20.1.11:2749 (TLS) as jsmith',
  '2026-03-14 08:09:47,790 INFO  [0x00002570] [ces\\deskphone\\DeskPhoneProvider.cpp(288)] [csf.ecc] [csf::ecc::DeskPhoneProvider::onProviderOpenCompleted] - ProviderOpenCompletedEvent , result= 0',
  '2026-03-14 08:09:47,795 DEBUG [0x00002570] [ces\\deskphone\\DeskPhoneProvider.cpp(301)] [csf.ecc] [csf::ecc::DeskPhoneProvider::listDevices] - 2 controllable devices: SEP00AA11BB22CC, SEPA1B2C3D4E5F6',
  '2026-03-14 08:09:48,005 INFO  [0x00002578] [ces\\deskphone\\DeskPhoneConnectionContext.cpp(140)] [csf.ecc] [csf::ecc::DeskPhoneConnectionContext::selectDevice] - Selecting SEP00AA11BB22CC for desk phone control',
  '2026-03-14 08:09:48,021 DEBUG [0x00002578] [ces\\deskphone\\DeskPhoneConnectionContext.cpp(412)] [csf.ecc] [csf::ecc::DeskPhoneConnectionContext::onDeviceOpen] - DeviceOpenResponse , result= 0 , pending registration',
  '2026-03-14 08:10:02,670 INFO  [0x00002578] [ces\\deskphone\\DeskPhoneConnectionContext.cpp(430)] [csf.ecc] [csf::ecc::DeskPhoneConnectionContext::onDeviceRegistered] - SEP00AA11BB22CC registered at 10.30.7.31',
  '2026-03-14 08:10:02,702 DEBUG [0x00002578] [ces\\deskphone\\DeskPhoneConnectionContext.cpp(455)] [csf.ecc] [csf::ecc::DeskPhoneConnectionContext::onLineOpen] - LineOpenResponse , result= 0 , line 4190',
  '2026-03-14 08:10:03,118 INFO  [0x0000257c] [ces\\ui\\PhoneModeController.cpp(88)] [jcf.ui] [PhoneModeController::setMode] - Phone mode changed to DeskPhone',
  '2026-03-14 08:12:45,330 DEBUG [0x00002570] [ces\\deskphone\\DeskPhoneProvider.cpp(512)] [csf.ecc] [csf::ecc::DeskPhoneProvider::heartbeat] - CTI heartbeat ok (30 sec)',
  '2026-03-14 08:14:27,630 INFO  [0x00002578] [ces\\deskphone\\DeskPhoneConnectionContext.cpp(140)] [csf.ecc] [csf::ecc::DeskPhoneConnectionContext::selectDevice] - User selected SEPA1B2C3D4E5F6 for desk phone control',
  '2026-03-14 08:14:27,674 ERROR [0x00002578] [ces\\deskphone\\DeskPhoneConnectionContext.cpp(418)] [csf.ecc] [csf::ecc::DeskPhoneConnectionContext::onFailure] - FailureResponse , result= 0x8ccc00d2 , ( CTIERR_DEVICE_RESTRICTED )',
  '2026-03-14 08:14:27,680 WARN  [0x00002578] [ces\\deskphone\\DeskPhoneConnectionContext.cpp(502)] [csf.ecc] [csf::ecc::DeskPhoneConnectionContext::fallback] - Falling back to SEP00AA11BB22CC',
  '2026-03-14 08:14:27,905 DEBUG [0x00002578] [ces\\deskphone\\DeskPhoneConnectionContext.cpp(412)] [csf.ecc] [csf::ecc::DeskPhoneConnectionContext::onDeviceOpen] - DeviceOpenResponse , result= 0',
  '2026-03-14 08:15:45,331 DEBUG [0x00002570] [ces\\deskphone\\DeskPhoneProvider.cpp(512)] [csf.ecc] [csf::ecc::DeskPhoneProvider::heartbeat] - CTI heartbeat ok (30 sec)',
  '2026-03-14 08:16:02,114 INFO  [0x0000257c] [ces\\ui\\CallController.cpp(301)] [jcf.ui] [CallController::dial] - Dialing 5551234 from line 4190',
  '2026-03-14 08:16:02,190 DEBUG [0x00002578] [ces\\deskphone\\DeskPhoneCall.cpp(77)] [csf.ecc] [csf::ecc::DeskPhoneCall::onMakeCall] - MakeCallResponse , result= 0 , callHandle 1|48390',
  '2026-03-14 08:16:31,006 INFO  [0x00002578] [ces\\deskphone\\DeskPhoneCall.cpp(140)] [csf.ecc] [csf::ecc::DeskPhoneCall::onStateChanged] - Call 1|48390 state Connected',
  '2026-03-14 08:18:12,552 INFO  [0x00002578] [ces\\deskphone\\DeskPhoneCall.cpp(140)] [csf.ecc] [csf::ecc::DeskPhoneCall::onStateChanged] - Call 1|48390 state Idle',
  '2026-03-14 08:19:58,760 INFO  [0x0000257c] [ces\\ui\\PhoneModeController.cpp(88)] [jcf.ui] [PhoneModeController::setMode] - Phone mode changed to Softphone',
  '2026-03-14 08:19:58,771 DEBUG [0x00002570] [ces\\deskphone\\DeskPhoneProvider.cpp(330)] [csf.ecc] [csf::ecc::DeskPhoneProvider::disconnect] - Closing CTI provider',
  '2026-03-14 23:41:10,002 INFO  [0x0000257c] [ces\\ui\\PhoneModeController.cpp(88)] [jcf.ui] [PhoneModeController::setMode] - Phone mode changed to DeskPhone',
  '2026-03-14 23:41:10,015 INFO  [0x00002570] [ces\\deskphone\\DeskPhoneProvider.cpp(210)] [csf.ecc] [csf::ecc::DeskPhoneProvider::connect] - Connecting to CTI server 10.20.1.12:2749 (TLS) as jsmith',
  '2026-03-14 23:41:10,533 ERROR [0x00002570] [ces\\deskphone\\DeskPhoneProvider.cpp(296)] [csf.ecc] [csf::ecc::DeskPhoneProvider::onFailure] - FailureResponse , result= 0x8ccc0061 , ( CTIERR_PROVIDER_NOT_OPEN )',
  '2026-03-14 23:41:10,540 WARN  [0x00002570] [ces\\deskphone\\DeskPhoneProvider.cpp(640)] [csf.ecc] [csf::ecc::DeskPhoneProvider::scheduleReconnect] - Reconnect in 15 sec, trying 10.20.1.11',
  '2026-03-14 23:41:25,544 INFO  [0x00002570] [ces\\deskphone\\DeskPhoneProvider.cpp(210)] [csf.ecc] [csf::ecc::DeskPhoneProvider::connect] - Connecting to CTI server 10.20.1.11:2749 (TLS) as jsmith',
  '2026-03-14 23:41:26,012 INFO  [0x00002570] [ces\\deskphone\\DeskPhoneProvider.cpp(288)] [csf.ecc] [csf::ecc::DeskPhoneProvider::onProviderOpenCompleted] - ProviderOpenCompletedEvent , result= 0',
  '2026-03-14 23:41:26,230 DEBUG [0x00002578] [ces\\deskphone\\DeskPhoneConnectionContext.cpp(412)] [csf.ecc] [csf::ecc::DeskPhoneConnectionContext::onDeviceOpen] - DeviceOpenResponse , result= 0',
  '2026-03-14 23:41:26,301 DEBUG [0x00002578] [ces\\deskphone\\DeskPhoneConnectionContext.cpp(455)] [csf.ecc] [csf::ecc::DeskPhoneConnectionContext::onLineOpen] - LineOpenResponse , result= 0 , line 4190',
  '2026-03-14 23:42:26,305 DEBUG [0x00002570] [ces\\deskphone\\DeskPhoneProvider.cpp(512)] [csf.ecc] [csf::ecc::DeskPhoneProvider::heartbeat] - CTI heartbeat ok (30 sec)',
  '2026-03-14 23:45:03,870 INFO  [0x0000257c] [ces\\ui\\App.cpp(52)] [jcf.ui] [App::onSuspend] - System suspend, closing connections',
];

// ---------------------------------------------------------------------------------------------
// Write the files
// ---------------------------------------------------------------------------------------------
const toLF = (lines) => lines.join('\n') + '\n';
const toCRLF = (lines) => lines.join('\r\n') + '\r\n';

const gz = (text) => zlib.gzipSync(Buffer.from(text, 'utf8'), { level: 9 });
// CUCM's still-open trace: the full deflate stream but no CRC32/ISIZE trailer (8 bytes) yet.
const gzNoTrailer = (text) => gz(text).subarray(0, -8);

const FILES = {
  [F412]: Buffer.from(toCRLF(sdl412), 'utf8'),
  [F413]: gz(toLF(sdl413)),
  [F414]: gzNoTrailer(toLF(sdl414)),
  [FJTAPI]: Buffer.from(toLF(jtapiAll), 'utf8'),
  [FJABBER]: Buffer.from(toLF(jabber), 'utf8'),
};

// Remove only what this script owns, then write.
for (const top of ['cucmpub', 'jtapi', 'jabber']) {
  fs.rmSync(path.join(OUT, top), { recursive: true, force: true });
}
for (const [rel, buf] of Object.entries(FILES)) {
  const abs = path.join(OUT, rel);
  fs.mkdirSync(path.dirname(abs), { recursive: true });
  fs.writeFileSync(abs, buf);
}

// ---------------------------------------------------------------------------------------------
// Independent check: read back from disk and count per CONTRACT.md "What counts as a hit".
// Deliberately slow and literal: split each line into maximal [A-Za-z0-9_]+ tokens.
// ---------------------------------------------------------------------------------------------
const catalog = JSON.parse(fs.readFileSync(path.join(ROOT, 'data', 'catalog.json'), 'utf8'));
const nameToCode = new Map();
for (const e of catalog.entries) for (const n of e.matchNames) nameToCode.set(n, e.code);
const valueToCode = (v, era) => {
  const hex = '0x' + v.toString(16).toUpperCase().padStart(8, '0');
  return catalog.values[hex]?.[era];
};

function readText(rel) {
  const buf = fs.readFileSync(path.join(OUT, rel));
  if (buf[0] === 0x1f && buf[1] === 0x8b) {
    // Sync flush: a stream without its trailer yields everything that inflated.
    return zlib.gunzipSync(buf, { finishFlush: zlib.constants.Z_SYNC_FLUSH }).toString('utf8');
  }
  return buf.toString('utf8');
}

function checkText(text, era) {
  const codes = {};
  const unknown = {};
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  for (let line of lines) {
    if (line.endsWith('\r')) line = line.slice(0, -1);
    const seen = new Set();
    const unk = new Set();
    for (const m of line.matchAll(/[A-Za-z0-9_]+/g)) {
      const tok = m[0];
      const before = line[m.index - 1];
      const before2 = line[m.index - 2];
      if (/^0x[0-9a-fA-F]+$/.test(tok)) {
        const v = parseInt(tok, 16);
        if (v === 0) continue; // zero (`Result=0x0`) is success, never a hit
        const code = tok.length <= 10 ? valueToCode(v, era) : undefined;
        if (code) seen.add(code);
        else if (/^0x8ccc[0-9a-f]{4}$/i.test(tok)) unk.add('0x' + tok.slice(2).toUpperCase());
      } else if (/^[0-9]+$/.test(tok)) {
        if (/^0+$/.test(tok)) continue; // zero is success, never a hit
        let v = Number(tok);
        if (before === '-') {
          if (before2 !== undefined && /[A-Za-z0-9_]/.test(before2)) {
            // `x-123`: whether the `-` is a sign is unclear; harmless unless either reading is known.
            if (valueToCode(v, era) || (v <= 2 ** 31 && valueToCode(2 ** 32 - v, era))) {
              throw new Error(`ambiguous sign before a known value in: ${line}`);
            }
            continue;
          }
          v = -v;
        }
        const u = v < 0 ? v + 2 ** 32 : v;
        if (Number.isSafeInteger(u) && u > 0 && u < 2 ** 32 && (v >= 0 || v >= -(2 ** 31))) {
          const code = valueToCode(u, era);
          if (code) seen.add(code);
        }
      } else if (nameToCode.has(tok)) {
        seen.add(nameToCode.get(tok));
      } else if (tok.startsWith('CTIERR_')) {
        unk.add(tok);
      }
    }
    for (const c of seen) codes[c] = (codes[c] ?? 0) + 1;
    for (const t of unk) unknown[t] = (unknown[t] ?? 0) + 1;
  }
  return { codes, unknown, lines: lines.length };
}

const sortObj = (o) => Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
let ok = true;
const actual = {};
const actual41 = {};
for (const rel of Object.keys(FILES)) {
  actual[rel] = checkText(readText(rel), 'modern');
  actual41[rel] = checkText(readText(rel), '4.1');
  const want = JSON.stringify({ codes: sortObj(EXPECTED[rel].codes), unknown: sortObj(EXPECTED[rel].unknown) });
  const got = JSON.stringify({ codes: sortObj(actual[rel].codes), unknown: sortObj(actual[rel].unknown) });
  if (want !== got) {
    ok = false;
    console.error(`MISMATCH ${rel}\n  expected ${want}\n  checked  ${got}`);
  }
}

// The .gzo must really lack its trailer, and a strict gunzip must reject it.
{
  const buf = fs.readFileSync(path.join(OUT, F414));
  let strictFailed = false;
  try {
    zlib.gunzipSync(buf);
  } catch {
    strictFailed = true;
  }
  if (!strictFailed) {
    ok = false;
    console.error(`${F414}: strict gunzip unexpectedly succeeded`);
  }
  if (actual[F414].lines !== sdl414.length) {
    ok = false;
    console.error(`${F414}: inflated ${actual[F414].lines} lines, wrote ${sdl414.length}`);
  }
}

// Totals over all files.
const total = {};
const total41 = {};
const totalUnknown = {};
for (const rel of Object.keys(FILES)) {
  for (const [c, n] of Object.entries(actual[rel].codes)) total[c] = (total[c] ?? 0) + n;
  for (const [c, n] of Object.entries(actual41[rel].codes)) total41[c] = (total41[c] ?? 0) + n;
  for (const [t, n] of Object.entries(actual[rel].unknown)) totalUnknown[t] = (totalUnknown[t] ?? 0) + n;
}
const byCount = (o) => Object.entries(o).sort(([a, x], [b, y]) => y - x || a.localeCompare(b));

// ---------------------------------------------------------------------------------------------
// README (written so that it holds no hit itself: underscores in names are escaped as `\_`,
// values are written without `0x`, and the unknown hex token uses `&#48;` for its leading 0,
// since `npm start` scans the whole fixtures/samples folder, README included).
// ---------------------------------------------------------------------------------------------
const esc = (name) => name.replaceAll('_', '\\_');
const escTok = (t) => (t.startsWith('0x') ? '&#48;' + t.slice(1) : esc(t));
const codeValue = new Map(catalog.entries.map((e) => [e.code, e.value]));
const valueCell = (code) => (codeValue.get(code) ?? '').replace(/^0x/, '');

const DESCRIPTIONS = {
  [F412]: 'CTIManager SDL trace, plain text, **CRLF** line endings. FileHead `Date: 2026/03/14`, `UTC:-05:00`, FileNumber 412; lines from 07:30:00 to 08:19:59.',
  [F413]: 'CTIManager SDL trace, gzip (closed file). FileHead `Date: 2026/03/14`, FileNumber 413; starts at 23:50:00 and **crosses midnight** (23:59:59.998 then 00:00:00.001, so those lines are 2026-03-15).',
  [F414]: 'CTIManager SDL trace being written: a gzip stream **without its 8-byte trailer** (every line inflates; a strict gunzip fails). FileHead `Date: 2026/03/15`, FileNumber 414; 00:05:41 to 07:07:30.',
  [FJTAPI]: 'Cisco JTAPI client log (`PST`, no year: 2026 from the mtime). Multi-line protocol objects whose code sits in a continuation line (`reason = ...`, `result = ...`), exceptions by name.',
  [FJABBER]: 'Jabber (CSF) log, full date in each line, no zone. Each failure line prints the code twice (hex and name): one hit.',
};

const md = [];
md.push('# Sample logs');
md.push('');
md.push('Generated by `node scripts/make-samples.mjs` (deterministic; do not edit by hand: change the');
md.push('script and re-run it). Device names, DNs, users and `10.x` addresses are invented. Every file\'s');
md.push('mtime is set to `2026-03-15T12:00:00Z`, so year inference (JTAPI) and date inference are stable.');
md.push('');
md.push('Code names in this README are written with escaped underscores and values without their `0x`');
md.push('prefix, so that this file yields no hit when `npm start` scans the whole folder.');
md.push('');
md.push('Counts are **lines** (a line counts once per code, whichever spellings it has), era `modern`.');
md.push('');
for (const rel of Object.keys(FILES)) {
  md.push(`## \`${rel}\``);
  md.push('');
  md.push(DESCRIPTIONS[rel]);
  md.push('');
  md.push(`Lines: ${actual[rel].lines}.`);
  md.push('');
  md.push('| code | value | lines |');
  md.push('| --- | --- | ---: |');
  for (const [c, n] of byCount(actual[rel].codes)) md.push(`| ${esc(c)} | ${valueCell(c)} | ${n} |`);
  md.push('');
  const unk = byCount(actual[rel].unknown);
  md.push(`Unknown: ${unk.length ? unk.map(([t, n]) => `${escTok(t)} (${n})`).join(', ') : 'none'}.`);
  md.push('');
}
md.push('## All files together');
md.push('');
md.push('| code | value | lines | files |');
md.push('| --- | --- | ---: | ---: |');
for (const [c, n] of byCount(total)) {
  const files = Object.keys(FILES).filter((rel) => actual[rel].codes[c]).length;
  md.push(`| ${esc(c)} | ${valueCell(c)} | ${n} | ${files} |`);
}
md.push('');
md.push(`Distinct codes: ${Object.keys(total).length}; lines with hits in total (sum of counts): ${Object.values(total).reduce((a, b) => a + b, 0)}.`);
md.push('');
md.push(`Unknown: ${byCount(totalUnknown).map(([t, n]) => `${escTok(t)} (${n})`).join(', ')}.`);
md.push('');
md.push('With `--era 4.1` the only change: every hit of value 8CCC0075 (all of them numeric) goes to');
md.push(`CFWDALL\\_ALREADY\\_OFF instead of CTIERR\\_DIRECTORY\\_LOGIN\\_TIMEOUT (${total41.CFWDALL_ALREADY_OFF ?? 0} lines).`);
md.push('');
md.push('## Traps that must NOT count');
md.push('');
md.push('- `result=0`, `Result=0`, `Result=0x0`, `error code=0`, `reason = 0`, `result= 0`: success, never a hit.');
md.push('- 412: `CallId=2362179999`: ten digits, not a known value (neither hit nor unknown).');
md.push('- 413: `Reason:-19327877030`: eleven digits (a known signed value followed by a `0`).');
md.push('- JTAPI: `XCONFERENCE_FULL` (a known bare name inside a longer token);');
md.push('  `LINEERR_INVALCALLHANDLE 0x80000018` (TAPI, not CTI);');
md.push('  the transfer failure names the real code CTIERR\\_TRANSFERFAILED\\_DESTINATION\\_BUSY, which is');
md.push('  not a hit of the shorter CTIERR\\_TRANSFERFAILED.');
md.push('- Jabber thread ids such as `[0x00002578]`.');
md.push('');
md.push('## Also inside');
md.push('');
md.push('- 412: one line naming CTIERR\\_LINE\\_RESTRICTED twice (`Result=` and `error=`), one line with');
md.push('  CTIERR\\_DEVICE\\_NOT\\_OPEN by value (`ReasonCode:`) and by name, 2-3 lines per failure within a');
md.push('  millisecond, all seven carriers across the SDL files (`error code=`, `result=`, `Result=0x`,');
md.push('  `error=0x`, `Reason code.:`, `Reason:`, `ReasonCode:`).');
md.push('- JTAPI: CONFERENCE\\_FULL by its CTIERR\\_ name and by signed value on one line (one hit), and by');
md.push('  its bare Table C-1 name on another.');
md.push('');
const readme = md.join('\n');
fs.writeFileSync(path.join(OUT, '..', 'SAMPLES.md'), readme);

// The README itself must hold no hit and no unknown token.
{
  const r = checkText(readme, 'modern');
  if (Object.keys(r.codes).length || Object.keys(r.unknown).length) {
    ok = false;
    console.error(`README.md would produce hits: ${JSON.stringify(r)}`);
  }
}

for (const rel of Object.keys(FILES)) fs.utimesSync(path.join(OUT, rel), MTIME, MTIME);

// Print the table.
console.log('file'.padEnd(62), 'lines');
for (const rel of Object.keys(FILES)) console.log(rel.padEnd(62), actual[rel].lines);
console.log('\ncode'.padEnd(46), 'lines  per file');
for (const [c, n] of byCount(total)) {
  const per = Object.keys(FILES)
    .filter((rel) => actual[rel].codes[c])
    .map((rel) => `${path.basename(rel)}:${actual[rel].codes[c]}`)
    .join(' ');
  console.log(c.padEnd(45), String(n).padStart(5), ' ', per);
}
console.log('unknown:', JSON.stringify(totalUnknown));
console.log('era 4.1:', JSON.stringify(sortObj(total41)));

if (!ok) {
  console.error('make-samples: the generated files do not match EXPECTED');
  process.exit(1);
}
console.log('\nmake-samples: OK, files match the hand-counted EXPECTED table');
