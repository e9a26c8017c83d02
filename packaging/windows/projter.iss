; Inno Setup 6 script: the Windows installer of Projter Desktop.
;
; (UTF-8 with a byte-order mark: Inno Setup reads the accents right only with it.)
; WRITTEN, NOT RUN: only the Linux build is tested (see packaging/README.md).
;
; On Windows, from the repository root, after the PyInstaller build (dist\projter\):
;   "C:\Program Files (x86)\Inno Setup 6\ISCC.exe" /DAppVersion=0.1.0 packaging\windows\projter.iss
; Output: dist\projter-desktop-<version>-setup.exe
;
; The installer needs no administrator rights (installs for the current user; an
; administrator can choose "for all users"), adds a Start-menu entry, an optional desktop
; icon, and opens *.projter export files with the app. Uninstalling never deletes the
; user's data (%LOCALAPPDATA%\Projter\projter-desktop: database, backups, identity).

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppName "Projter Desktop"
#define AppExe "projter.exe"
#define DistDir "..\..\dist\projter"

[Setup]
; never change AppId: it ties upgrades and the uninstaller to earlier installs
AppId={{AE4FEAE6-C414-4745-9CBB-A01F4A1608F5}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=Projter
VersionInfoVersion={#AppVersion}
DefaultDirName={autopf}\Projter Desktop
DefaultGroupName=Projter Desktop
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
OutputDir=..\..\dist
OutputBaseFilename=projter-desktop-{#AppVersion}-setup
SetupIconFile=projter.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
ChangesAssociations=yes
; an upgrade replaces the program folder while the app is closed
CloseApplications=yes
RestartApplications=no
; sign the installer and uninstaller when a signing tool is configured in the IDE/ISCC:
;   ISCC /Ssigntool="signtool.exe sign /fd sha256 /tr http://timestamp.digicert.com /td sha256 /a $f" ...
; SignTool=signtool

[Languages]
Name: "french"; MessagesFile: "compiler:Languages\French.isl"
Name: "english"; MessagesFile: "compiler:Default.isl"

[CustomMessages]
french.AssociateFiles=Ouvrir les fichiers d'export .projter avec Projter Desktop
english.AssociateFiles=Open .projter export files with Projter Desktop
french.ProjterFile=Export d'ateliers Projter
english.ProjterFile=Projter workshop export
french.SelfTest=Vérifier l'installation (autotest)
english.SelfTest=Check the installation (self-test)

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"
Name: "association"; Description: "{cm:AssociateFiles}"; GroupDescription: "{cm:AdditionalIcons}"

[InstallDelete]
; files of an earlier version that the new one no longer has
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#DistDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; Comment: "Ateliers de concertation"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon
; projter-cli.exe has a console: the self-test shows its report and waits for a key
Name: "{autoprograms}\{#AppName} — {cm:SelfTest}"; Filename: "{cmd}"; \
    Parameters: "/k ""{app}\projter-cli.exe"" --self-test"; IconFilename: "{app}\{#AppExe}"

[Registry]
; HKA = HKCU for a per-user install, HKLM for an all-users install
Root: HKA; Subkey: "Software\Classes\.projter"; ValueType: string; ValueName: ""; \
    ValueData: "ProjterDesktop.Export"; Flags: uninsdeletevalue; Tasks: association
Root: HKA; Subkey: "Software\Classes\.projter"; ValueType: string; ValueName: "Content Type"; \
    ValueData: "application/x-projter"; Flags: uninsdeletevalue; Tasks: association
Root: HKA; Subkey: "Software\Classes\ProjterDesktop.Export"; ValueType: string; ValueName: ""; \
    ValueData: "{cm:ProjterFile}"; Flags: uninsdeletekey; Tasks: association
Root: HKA; Subkey: "Software\Classes\ProjterDesktop.Export\DefaultIcon"; ValueType: string; ValueName: ""; \
    ValueData: "{app}\{#AppExe},0"; Tasks: association
Root: HKA; Subkey: "Software\Classes\ProjterDesktop.Export\shell\open\command"; ValueType: string; ValueName: ""; \
    ValueData: """{app}\{#AppExe}"" ""%1"""; Tasks: association

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
