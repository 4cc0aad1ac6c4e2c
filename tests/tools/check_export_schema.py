#!/usr/bin/python3
"""Checks a COCO or YOLO export against the published formats.

  check_export_schema.py coco DIR   DIR/annotations.json against coco.schema.json,
                                    and every id it refers to exists
  check_export_schema.py yolo DIR   DIR/data.yaml against yolo-data.schema.json,
                                    every labels/*.txt line a box (class cx cy w h)
                                    or a polygon (class x1 y1 ... >= 3 points),
                                    normalised to [0, 1], classes among names

Prints "ok" or the first problem, and exits non-zero on a problem.
"""
import json
import os
import sys

import jsonschema
import yaml

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'schemas')


def schema(name):
    with open(os.path.join(HERE, name)) as f:
        return json.load(f)


def check_coco(folder):
    with open(os.path.join(folder, 'annotations.json')) as f:
        data = json.load(f)
    jsonschema.validate(data, schema('coco.schema.json'))
    images = {i['id']: i for i in data['images']}
    categories = {c['id'] for c in data['categories']}
    for a in data['annotations']:
        if a['image_id'] not in images or a['category_id'] not in categories:
            raise ValueError('annotation %s refers to a missing image or category' % a['id'])
        if a['iscrowd']:
            image = images[a['image_id']]
            if a['segmentation']['size'] != [image['height'], image['width']]:
                raise ValueError('annotation %s: RLE size is not [height, width]' % a['id'])
            if sum(a['segmentation']['counts']) != image['height'] * image['width']:
                raise ValueError('annotation %s: RLE counts do not cover the image' % a['id'])


def check_yolo(folder):
    with open(os.path.join(folder, 'data.yaml')) as f:
        data = yaml.safe_load(f)
    # YAML gives integer keys (0: lesion); JSON Schema speaks of string keys.
    if isinstance(data.get('names'), dict):
        data['names'] = {str(k): v for k, v in data['names'].items()}
    jsonschema.validate(data, schema('yolo-data.schema.json'))
    names = data['names']
    classes = set(range(len(names))) if isinstance(names, list) else {int(k) for k in names}
    labels = os.path.join(folder, 'labels')
    for name in sorted(os.listdir(labels)):
        with open(os.path.join(labels, name)) as f:
            for n, line in enumerate(f, 1):
                fields = line.split()
                where = '%s:%d' % (name, n)
                if int(fields[0]) not in classes:
                    raise ValueError(where + ': class not in names')
                values = [float(v) for v in fields[1:]]
                if len(values) != 4 and (len(values) < 6 or len(values) % 2):
                    raise ValueError(where + ': neither a box nor a polygon')
                if not all(0.0 <= v <= 1.0 for v in values):
                    raise ValueError(where + ': coordinates not normalised')


if __name__ == '__main__':
    try:
        {'coco': check_coco, 'yolo': check_yolo}[sys.argv[1]](sys.argv[2])
    except (jsonschema.ValidationError, ValueError, KeyError, OSError) as e:
        print('invalid: %s' % (e.message if hasattr(e, 'message') else e))
        sys.exit(1)
    print('ok')
