<#
.SYNOPSIS
    Runs berth's HCS backend against the real thing on Windows Server 2022 and prints, per step, what was expected and
    what was seen. Paste its output into runtime-hcs/README.md ("Proof on Windows"); until then the README keeps
    saying "not verified on Windows".

.DESCRIPTION
    Needs: Windows Server 2022 with the Containers feature, an elevated PowerShell, Java 17, a built berth
    distribution (mvn -DskipTests package, copied to this host, with runtime-hcs/windows/berth.cmd in its bin), and either access to mcr.microsoft.com or saved
    image archives. Hyper-V (step 5) is optional: the step reports SKIPPED without it.

.EXAMPLE
    .\prove-on-windows.ps1 -Berth C:\berth\bin\berth.cmd
    .\prove-on-windows.ps1 -Berth C:\berth\bin\berth.cmd -NanoserverArchive C:\images\nanoserver-ltsc2022.tar
#>
param(
    [Parameter(Mandatory = $true)] [string] $Berth,
    [string] $NanoserverArchive = "",
    [string] $Nanoserver2019Archive = "",
    [string] $DataDir = "C:\ProgramData\berth-proof",
    [int] $HostPort = 18080
)

$ErrorActionPreference = "Stop"
$script:failed = 0
$ltsc2022 = "mcr.microsoft.com/windows/nanoserver:ltsc2022"
$ltsc2019 = "mcr.microsoft.com/windows/nanoserver:ltsc2019"
$socket = Join-Path $DataDir "berth.sock"

function Report([string] $step, [string] $expected, [string] $seen, [bool] $ok) {
    $verdict = if ($ok) { "PASS" } else { "FAIL"; $script:failed++ }
    Write-Output ("{0,-4} {1}: expected {2}; saw {3}" -f $verdict, $step, $expected, $seen)
}

function Berth([string[]] $arguments) {
    $output = & $Berth --socket $socket @arguments 2>&1 | Out-String
    return @{ Code = $LASTEXITCODE; Output = $output.Trim() }
}

# 0. the agent, with the HCS backend on the real DLLs
New-Item -ItemType Directory -Force -Path $DataDir | Out-Null
$layerRoot = Join-Path $DataDir "hcs"
$agent = Start-Process -FilePath $Berth -ArgumentList @("agent", "--data-dir", $DataDir, "--socket", $socket, "--set",
        "runtime.hcs.layer-root=$layerRoot") -PassThru `
    -RedirectStandardOutput (Join-Path $DataDir "agent.out") -RedirectStandardError (Join-Path $DataDir "agent.err")
$deadline = (Get-Date).AddSeconds(60)
do { Start-Sleep -Milliseconds 500; $node = Berth @("node") } until ($node.Code -eq 0 -or (Get-Date) -gt $deadline)
Report "0 agent" "berth node answers, backend hcs listed" $node.Output.Split("`n")[0] ($node.Code -eq 0 -and $node.Output -match "hcs")

try {
    # 1. pull (or load) nanoserver ltsc2022: layers imported the Windows way
    if ($NanoserverArchive) { $pull = Berth @("load", $NanoserverArchive, $ltsc2022) } else { $pull = Berth @("pull", $ltsc2022) }
    Report "1 pull" "exit 0, image listed" "exit $($pull.Code)" ($pull.Code -eq 0)

    # 2. run process-isolated, with output and exit code
    $run = Berth @("run", "--platform", "windows", "--name", "proof-echo", $ltsc2022, "cmd", "/c", "echo hello from nanoserver & exit 7")
    Report "2 run" "output 'hello from nanoserver', exit 7" "exit $($run.Code), output '$($run.Output)'" `
        ($run.Code -eq 7 -and $run.Output -match "hello from nanoserver")

    # 3. exec, stop, remove, then create again with the same name
    $detached = Berth @("run", "-d", "--platform", "windows", "--name", "proof-web", $ltsc2022, "ping", "-t", "localhost")
    $exec = Berth @("exec", "proof-web", "cmd", "/c", "echo exec-ok")
    Report "3a exec" "output 'exec-ok', exit 0" "exit $($exec.Code), output '$($exec.Output)'" ($exec.Code -eq 0 -and $exec.Output -match "exec-ok")
    $stop = Berth @("stop", "proof-web")
    $rm = Berth @("rm", "proof-web")
    Report "3b stop+rm" "both exit 0" "stop $($stop.Code), rm $($rm.Code)" ($stop.Code -eq 0 -and $rm.Code -eq 0)
    $again = Berth @("run", "-d", "--platform", "windows", "--name", "proof-web", $ltsc2022, "ping", "-t", "localhost")
    Report "3c same name again" "exit 0 (scratch layer destroyed and made anew)" "exit $($again.Code) $($again.Output)" ($again.Code -eq 0)
    Berth @("rm", "-f", "proof-web") | Out-Null
    # what may stay in the layer root: container logs and the marks of processed base layers, no scratch folder
    $leftover = @(Get-ChildItem -Path $layerRoot -Directory -ErrorAction SilentlyContinue | Where-Object { $_.Name -notin @("logs", "processed") })
    Report "3d nothing left" "no scratch folder after rm" "$($leftover.Count) folder(s): $($leftover.Name -join ', ')" ($leftover.Count -eq 0)

    # 4. a published port through HNS (not implemented yet: expected to FAIL until HNS networking lands)
    $spec = Join-Path $DataDir "web.yaml"
    @"
services:
  proof-http:
    image: $ltsc2022
    command: ["powershell", "-c", "while (`$true) { Start-Sleep 1 }"]
    network: bridge
    ports: ["${HostPort}:80"]
"@ | Set-Content -Path $spec -Encoding UTF8
    $deploy = Berth @("deploy", "-f", $spec)
    $reached = Test-NetConnection -ComputerName 127.0.0.1 -Port $HostPort -InformationLevel Quiet -WarningAction SilentlyContinue
    Report "4 HNS port" "TCP connect to 127.0.0.1:$HostPort" "deploy exit $($deploy.Code), connect $reached" ($deploy.Code -eq 0 -and $reached)
    Berth @("rm", "-f", "proof-http") | Out-Null

    # 5. Hyper-V isolation for an ltsc2019 image on an ltsc2022 host
    if ((Get-WindowsFeature -Name Hyper-V -ErrorAction SilentlyContinue).InstallState -ne "Installed") {
        Write-Output "SKIPPED 5 hyperv: the Hyper-V feature is not installed"
    }
    else {
        if ($Nanoserver2019Archive) { Berth @("load", $Nanoserver2019Archive, $ltsc2019) | Out-Null } else { Berth @("pull", $ltsc2019) | Out-Null }
        $hv = Berth @("run", "--platform", "windows", "--name", "proof-hv", $ltsc2019, "cmd", "/c", "ver")
        Report "5 hyperv" "exit 0, output names build 17763" "exit $($hv.Code), output '$($hv.Output)'" ($hv.Code -eq 0 -and $hv.Output -match "17763")
    }
}
finally {
    Stop-Process -Id $agent.Id -ErrorAction SilentlyContinue
    Write-Output "agent log: $(Join-Path $DataDir 'agent.err')"
    Write-Output "$script:failed step(s) failed"
}
exit $script:failed
