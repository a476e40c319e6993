; Inno Setup 6 script for Brief Editor: a per-user install that needs no administrator rights.
;
;   iscc /DAppVersion=0.1.0 packaging\windows\brief-editor.iss
;
; Input: the PyInstaller bundle in dist\brief-editor (brief-editor.exe, the windowed editor,
; and brief-editor-cli.exe, the console command line). Output:
; dist\brief-editor-VERSION-windows-x64-setup.exe.
;
; Team profile: a profile.json placed beside the setup .exe is copied into the install
; folder, where the editor finds it (after the user's own and the site-wide profile).
; Everything the installer registers (the .brief type, the Start-menu entry) is per user,
; under HKCU and the user's Start menu, and is removed on uninstall.

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#ifndef BundleDir
  #define BundleDir "..\..\dist\brief-editor"
#endif
#ifndef OutputDir
  #define OutputDir "..\..\dist"
#endif
#define AppName "Brief Editor"
#define AppExe "brief-editor.exe"
#define ProgId "BriefEditor.Brief"

[Setup]
; The AppId ties upgrades and the uninstaller together: never change it.
AppId={{61A02B97-1776-4789-A525-575F08D9A72E}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=Brief Editor team
VersionInfoVersion={#AppVersion}
; Per user: %LOCALAPPDATA%\Programs\Brief Editor, no UAC prompt.
PrivilegesRequired=lowest
DefaultDirName={userpf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
DisableDirPage=auto
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
ChangesAssociations=yes
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
SetupIconFile=..\..\resources\icons\brief-editor.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
OutputDir={#OutputDir}
OutputBaseFilename=brief-editor-{#AppVersion}-windows-x64-setup
; An editor left open would hold its files; ask to close it before upgrading.
CloseApplications=yes

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs
; The administrator's team profile, if one sits beside setup.exe; a newer installer replaces it.
Source: "{src}\profile.json"; DestDir: "{app}"; Flags: external skipifsourcedoesntexist ignoreversion

[UninstallDelete]
Type: files; Name: "{app}\profile.json"

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExe}"; Comment: "Write source-cited briefs"
Name: "{userdesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Registry]
; The .brief type, for this user only (HKCU\Software\Classes).
Root: HKCU; Subkey: "Software\Classes\.brief"; ValueType: string; ValueName: ""; ValueData: "{#ProgId}"; Flags: uninsdeletevalue
Root: HKCU; Subkey: "Software\Classes\.brief"; ValueType: string; ValueName: "Content Type"; ValueData: "application/x-brief-editor+json"; Flags: uninsdeletevalue
Root: HKCU; Subkey: "Software\Classes\.brief\OpenWithProgids"; ValueType: string; ValueName: "{#ProgId}"; ValueData: ""; Flags: uninsdeletevalue
Root: HKCU; Subkey: "Software\Classes\{#ProgId}"; ValueType: string; ValueName: ""; ValueData: "Brief"; Flags: uninsdeletekey
Root: HKCU; Subkey: "Software\Classes\{#ProgId}\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\{#AppExe},0"
Root: HKCU; Subkey: "Software\Classes\{#ProgId}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" ""%1"""
Root: HKCU; Subkey: "Software\Classes\Applications\{#AppExe}"; ValueType: string; ValueName: "FriendlyAppName"; ValueData: "{#AppName}"; Flags: uninsdeletekey
Root: HKCU; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: ".brief"; ValueData: ""

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
