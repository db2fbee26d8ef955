"""The S3 backend: one bucket of an S3-compatible object store, through boto3.

Tested against SeaweedFS's S3 gateway (tests/storage.py); the calls are the plain ones every
S3-compatible store answers: PutObject (multipart past 16 MB, by boto3's transfer manager),
GetObject with `Range` (RFC 9110 byte ranges), HeadObject, DeleteObject(s), ListObjectsV2.
Path-style addressing (`<endpoint>/<bucket>/<key>`), which SeaweedFS and MinIO need.
"""
import os

import boto3
import botocore.exceptions
from boto3.s3.transfer import TransferConfig
from botocore.config import Config as BotoConfig

from app.storage.common import CHUNK_BYTES, MissingKey, Store, StoredObject, check_key

# Sources reach 2 GB: sent in 16 MB parts, four at a time.
TRANSFER = TransferConfig(multipart_threshold=16 * 1024**2, multipart_chunksize=16 * 1024**2, max_concurrency=4)
NOT_FOUND = {"404", "NoSuchKey", "NotFound"}
DELETE_BATCH = 1000  # DeleteObjects takes at most this many keys


class S3Store(Store):
    name = "s3"

    def __init__(self, client, bucket):
        self.client, self.bucket = client, bucket

    @classmethod
    def from_config(cls, config):
        client = boto3.session.Session().client(
            "s3", endpoint_url=config.get("S3_ENDPOINT_URL") or None, region_name=config.get("S3_REGION") or None,
            aws_access_key_id=config.get("S3_ACCESS_KEY_ID"), aws_secret_access_key=config.get("S3_SECRET_ACCESS_KEY"),
            config=BotoConfig(s3={"addressing_style": "path"}, connect_timeout=5, read_timeout=60,
                              retries={"max_attempts": 3, "mode": "standard"}))
        return cls(client, config["S3_BUCKET"])

    def put_file(self, key, path, move=False):
        """Stores a local file under `key`; the local file stays unless `move`. An object is
        visible whole or not at all (S3 has no half-written object). A file under the multipart
        threshold (an upload's chunk) goes in one PutObject, without the transfer manager's threads."""
        if os.path.getsize(path) < TRANSFER.multipart_threshold:
            with open(path, "rb") as f:
                self.client.put_object(Bucket=self.bucket, Key=check_key(key), Body=f)
        else:
            self.client.upload_file(path, self.bucket, check_key(key), Config=TRANSFER)
        if move:
            os.unlink(path)

    def put_bytes(self, key, data, content_type=None):
        extra = {"ContentType": content_type} if content_type else {}
        self.client.put_object(Bucket=self.bucket, Key=check_key(key), Body=data, **extra)

    def size(self, key):
        try:
            return self.client.head_object(Bucket=self.bucket, Key=check_key(key))["ContentLength"]
        except botocore.exceptions.ClientError as error:
            if _is_missing(error):
                return None
            raise

    def read(self, key):
        """The whole object in one request (posters, probes: small objects)."""
        try:
            body = self.client.get_object(Bucket=self.bucket, Key=check_key(key))["Body"]
        except botocore.exceptions.ClientError as error:
            if _is_missing(error):
                raise MissingKey(key) from error
            raise
        with body:
            return body.read()

    def iter_range(self, key, start, length, chunk=CHUNK_BYTES):
        if length <= 0:
            return
        try:
            answer = self.client.get_object(Bucket=self.bucket, Key=check_key(key),
                                            Range=f"bytes={start}-{start + length - 1}")
        except botocore.exceptions.ClientError as error:
            if _is_missing(error):
                raise MissingKey(key) from error
            if error.response.get("Error", {}).get("Code") == "InvalidRange":  # from past the end
                return
            raise
        body = answer["Body"]
        try:
            yield from body.iter_chunks(chunk)
        finally:
            body.close()

    def fetch(self, key, path):
        try:
            self.client.download_file(self.bucket, check_key(key), path, Config=TRANSFER)
        except botocore.exceptions.ClientError as error:
            if _is_missing(error):
                raise MissingKey(key) from error
            raise

    def delete(self, key):
        self.client.delete_object(Bucket=self.bucket, Key=check_key(key))

    def delete_prefix(self, prefix):
        """Removes every object under `prefix` (a folder: `renditions/3/a/`); never the whole bucket."""
        keys = [entry.key for entry in self.list(check_key(prefix.rstrip("/")) + "/")]
        for first in range(0, len(keys), DELETE_BATCH):
            batch = keys[first:first + DELETE_BATCH]
            self.client.delete_objects(Bucket=self.bucket,
                                       Delete={"Objects": [{"Key": k} for k in batch], "Quiet": True})

    def list(self, prefix):
        """Every object under `prefix` (a folder: ends with '/'; "" for all), page by page."""
        pages = self.client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket, Prefix=prefix)
        for page in pages:
            for item in page.get("Contents", []):
                yield StoredObject(item["Key"], item["Size"], item["LastModified"].timestamp())

    def used_percent(self):
        """An object store grows with what it holds: no file system of ours to fill."""
        return None


def _is_missing(error):
    return str(error.response.get("Error", {}).get("Code")) in NOT_FOUND
