<#
.SYNOPSIS
  Nightly export of the Standard Safeguarding Dataset (SQL Server: Liquidlogic, Mosaic, CareDirector, Azeus) to CSV,
  and its upload to the statutory-deadlines data bucket. manifest.json is uploaded last: its arrival starts the import.

.EXAMPLE
  .\ssd-export.ps1 -Server sql01 -Database HDM_Local -Bucket council-deadlines-data -DirectoryFile .\directory.jsonl

  Needs the SqlServer module (Install-Module SqlServer) and the AWS CLI with credentials that may write to the bucket
  (s3:PutObject on the prefix, kms:GenerateDataKey on the council's key). Run it as a scheduled task after the SSD
  refresh. Every file is UTF-8 CSV with a header; dates are written in the en-GB culture (dd/MM/yyyy HH:mm:ss),
  which the converter reads; US AM/PM dates would be refused.
#>
param(
  [Parameter(Mandatory = $true)] [string] $Server,
  [Parameter(Mandatory = $true)] [string] $Database,
  [Parameter(Mandatory = $true)] [string] $Bucket,
  [string] $Schema = 'ssd_development',
  [string] $Prefix = 'ssd',
  # Worker and team lines (the SSD holds no worker emails or team managers): uploaded beside the tables.
  [string] $DirectoryFile = '',
  # Optional: what the SSD lacks (PEPs from an ePEP system, supervision...), as person_id,event,date.
  [string] $EventsQuery = ''
)
$ErrorActionPreference = 'Stop'
[System.Threading.Thread]::CurrentThread.CurrentCulture = [System.Globalization.CultureInfo]::GetCultureInfo('en-GB')
[System.Threading.Thread]::CurrentThread.CurrentUICulture = [System.Globalization.CultureInfo]::GetCultureInfo('en-GB')

$tables = @(
  'ssd_person', 'ssd_cla_episodes', 'ssd_legal_status', 'ssd_cla_placement', 'ssd_cla_reviews', 'ssd_cla_visits',
  'ssd_cla_health', 'ssd_care_leavers', 'ssd_involvements', 'ssd_missing', 'ssd_sdq_scores'
)
$stamp = (Get-Date).ToString('yyyy-MM-dd')
$out = Join-Path ([System.IO.Path]::GetTempPath()) "ssd-$stamp"
New-Item -ItemType Directory -Force -Path $out | Out-Null
$files = @()

foreach ($table in $tables) {
  $file = Join-Path $out "$table.csv"
  # Export-Csv quotes every field (commas and line breaks inside values survive); bcp and sqlcmd do not.
  Invoke-Sqlcmd -ServerInstance $Server -Database $Database -Query "SELECT * FROM $Schema.$table" -MaxCharLength 65535 |
    Export-Csv -Path $file -NoTypeInformation -Encoding UTF8
  if (-not (Test-Path $file)) { Set-Content -Path $file -Value '' -Encoding UTF8 }  # no rows: an empty table
  $files += "$table.csv"
}
if ($EventsQuery) {
  Invoke-Sqlcmd -ServerInstance $Server -Database $Database -Query $EventsQuery |
    Export-Csv -Path (Join-Path $out 'events.csv') -NoTypeInformation -Encoding UTF8
  $files += 'events.csv'
}

$target = "s3://$Bucket/$Prefix/$stamp"
foreach ($f in $files) { aws s3 cp (Join-Path $out $f) "$target/$f" --only-show-errors; if ($LASTEXITCODE) { throw "upload of $f failed" } }
if ($DirectoryFile) { aws s3 cp $DirectoryFile "$target/directory.jsonl" --only-show-errors; if ($LASTEXITCODE) { throw 'upload of the directory failed' } }

# Last: the manifest lists what must be there; its arrival starts the import.
$manifest = Join-Path $out 'manifest.json'
@{ files = $files; exportedAt = (Get-Date).ToUniversalTime().ToString('o') } | ConvertTo-Json | Set-Content -Path $manifest -Encoding UTF8
aws s3 cp $manifest "$target/manifest.json" --only-show-errors
if ($LASTEXITCODE) { throw 'upload of manifest.json failed' }
Remove-Item -Recurse -Force $out
Write-Output "SSD extract uploaded to $target"
